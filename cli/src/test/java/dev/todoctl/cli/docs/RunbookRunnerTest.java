package dev.todoctl.cli.docs;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The doc test's own machinery: which blocks it finds, and that a wrong command in a runbook fails, named. */
@DisplayName("runbook extractor and runner")
class RunbookRunnerTest {

    static Runbook parse(String markdown) {
        return Runbook.parse(Path.of("docs/runbooks/sample.md"), markdown.lines().toList());
    }

    @Nested
    @DisplayName("extractor")
    class Extractor {
        @Test
        @DisplayName("bash blocks run, docker blocks need the engine, norun and commented blocks are skipped; other fences are not commands")
        void modes() {
            Runbook runbook = parse("""
                    # Title

                    ```bash
                    todoctl up
                    ```

                    ```text
                    release x revision 1 is up on local
                    ```

                    ```bash docker
                    todoctl up --target docker
                    ```

                    ```bash norun
                    todoctl up --target kubernetes
                    ```

                    <!-- runbook: not run: needs a kubernetes cluster -->
                    ```bash
                    kubectl get pods
                    ```
                    """);
            assertThat(runbook.blocks()).extracting(Runbook.Block::mode).containsExactly(Runbook.Mode.RUN,
                    Runbook.Mode.DOCKER, Runbook.Mode.NOT_RUN, Runbook.Mode.NOT_RUN);
            assertThat(runbook.blocks()).extracting(Runbook.Block::line).containsExactly(3, 11, 15, 20);
            assertThat(runbook.blocks().get(2).reason()).isEqualTo("marked norun");
            assertThat(runbook.blocks().get(3).reason()).isEqualTo("needs a kubernetes cluster");
            assertThat(runbook.count(Runbook.Mode.RUN)).isEqualTo(1);
        }

        @Test
        @DisplayName("commands: comments and blank lines dropped, continuations joined, '# exit N' is the expected exit code")
        void commands() {
            Runbook runbook = parse("""
                    ```bash
                    # a comment
                    todoctl history

                    todoctl rollback 99            # exit 70
                    todoctl loadtest --users 5 \\
                      --duration 10s   # exit 60
                    ```
                    """);
            assertThat(runbook.blocks().get(0).commands()).containsExactly(
                    new Runbook.Command(3, "todoctl history", 0),
                    new Runbook.Command(5, "todoctl rollback 99            # exit 70", 70),
                    new Runbook.Command(6, "todoctl loadtest --users 5    --duration 10s   # exit 60", 60));
        }

        @Test
        @DisplayName("an unknown marker or an unclosed block is an error naming the file and line, not a silent skip")
        void badMarkdown() {
            assertThatThrownBy(() -> parse("text\n```bash nourn\ntodoctl up\n```\n"))
                    .hasMessage("sample.md:2: unknown block marker 'nourn' (known: norun, docker)");
            assertThatThrownBy(() -> parse("```bash\ntodoctl up\n"))
                    .hasMessage("sample.md:1: code block never closed");
        }
    }

    @Nested
    @DisplayName("runner")
    class Runner {
        @TempDir
        Path work;

        RunbookRunner runner() throws IOException {
            Path bin = Files.createDirectories(work.resolve("bin"));
            RunbookTest.launcher(bin.resolve("todoctl"));
            return new RunbookRunner(work, RunbookRunner.environment(bin, work.resolve("state"), work), Duration.ofMinutes(2));
        }

        @Test
        @DisplayName("a runbook whose commands are right passes, expected non-zero exits included")
        void passes() throws IOException {
            Runbook runbook = parse("""
                    ```bash
                    todoctl version
                    todoctl up --target nowhere   # exit 2
                    v=$(todoctl version | head -n 1) && test -n "$v"
                    ```
                    """);
            RunbookRunner.Result result = runner().run(runbook.blocks().get(0), Map.of());
            assertThat(result.failure()).as(result.output()).isNull();
            assertThat(result.output()).contains("$ todoctl version", "$ todoctl up --target nowhere   # exit 2");
        }

        @Test
        @DisplayName("a misspelt command fails, naming the file, the line and the exit code; later commands do not run")
        void wrongCommand() throws IOException {
            Runbook runbook = parse("""
                    # Rollback

                    ```bash
                    todoctl version
                    todoctl histroy
                    todoctl version --this-never-runs
                    ```
                    """);
            RunbookRunner.Result result = runner().run(runbook.blocks().get(0), Map.of());
            assertThat(result.failure()).isEqualTo("sample.md:5: `todoctl histroy` exited 2, expected 0");
            assertThat(result.output()).contains("Unmatched argument at index 0: 'histroy'").doesNotContain("--this-never-runs\n");
        }

        @Test
        @DisplayName("a failure drill that stops failing fails too: exit 0 where the runbook says '# exit 70'")
        void wrongExpectedExit() throws IOException {
            Runbook runbook = parse("""
                    ```bash
                    todoctl version   # exit 70
                    ```
                    """);
            RunbookRunner.Result result = runner().run(runbook.blocks().get(0), Map.of());
            assertThat(result.failure()).isEqualTo("sample.md:2: `todoctl version   # exit 70` exited 0, expected 70");
        }

        @Test
        @DisplayName("a shell syntax error is a failure of the block, not a pass")
        void syntaxError() throws IOException {
            Runbook runbook = parse("""
                    ```bash
                    todoctl version
                    if then
                    ```
                    """);
            RunbookRunner.Result result = runner().run(runbook.blocks().get(0), Map.of());
            assertThat(result.failure()).startsWith("sample.md:1: the block's shell ended with exit 2");
        }

        @Test
        @DisplayName("every runbook in docs/runbooks parses and has a block run against the local target")
        void realRunbooksParse() throws IOException {
            List<Path> files;
            try (var list = Files.list(RunbookTest.RUNBOOKS)) {
                files = list.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("README.md")).toList();
            }
            assertThat(files).isNotEmpty().allSatisfy(f -> assertThat(Runbook.read(f).count(Runbook.Mode.RUN))
                    .as(f.toString()).isPositive());
        }
    }
}
