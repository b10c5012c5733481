package dev.todoctl.cli.docs;

import dev.todoctl.cli.DockerGate;
import dev.todoctl.cli.platform.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every command block of every {@code docs/runbooks/*.md}, run in order per file with the real {@code todoctl} (its
 * own JVM per command, as a user runs it: {@code $TODOCTL_BIN} when set, else a launcher of this build's classes)
 * through bash, in a temporary working directory whose todoctl.yaml says {@code target: local}, names a release of
 * its own, free ports and a state directory inside it. Blocks marked {@code docker} run with
 * {@code TODOCTL_TARGET=docker} when an engine answers (else they are skipped, or fail under
 * TODOCTL_REQUIRE_DOCKER=true); {@code norun} blocks are counted and skipped. After each file: {@code down --purge}
 * on both targets, so each runbook starts from nothing. A runbook without a block run here fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("runbooks: every command block runs as written")
class RunbookTest {
    static final Path RUNBOOKS = sourceDir().resolve("docs/runbooks");
    private static final Duration BLOCK_LIMIT = Duration.ofMinutes(10);
    /** {@code -Drunbook=rollback.md}: only that page (while editing it). */
    private static final String ONLY = System.getProperty("runbook");

    private Path work;
    private Map<String, String> env;
    private RunbookRunner runner;
    private boolean docker;
    private final List<String> summary = new ArrayList<>();
    private final Set<Path> failedFiles = new LinkedHashSet<>();

    static Path sourceDir() {
        return Path.of(System.getenv().getOrDefault("TODOCTL_TEST_SOURCE_DIR",
                Path.of("").toAbsolutePath().getParent().toString()));
    }

    @BeforeAll
    void setUp() throws IOException {
        work = Files.createTempDirectory("todoctl-runbooks-");
        Files.writeString(work.resolve("todoctl.yaml"), """
                release: rb-%s
                target: local
                source-dir: %s
                build:
                  command: mvn -o -q -B -Dmaven.test.skip=true -pl sample-app -am package
                local:
                  api-port: %d
                  web-port: %d
                docker:
                  api-port: %d
                  web-port: %d
                timeouts:
                  ready: 120s
                  stop: 5s
                """.formatted(UUID.randomUUID().toString().substring(0, 6), sourceDir(), Ports.anyFree(), Ports.anyFree(),
                Ports.anyFree(), Ports.anyFree()));
        Path bin = Files.createDirectories(work.resolve("bin"));
        launcher(bin.resolve("todoctl"));
        env = RunbookRunner.environment(bin, work.resolve("state"), work);
        runner = new RunbookRunner(work, env, BLOCK_LIMIT);
        docker = DockerGate.engineAnswers();
    }

    /** {@code $TODOCTL_BIN} (an installed launcher), else this build's classes on this test's JVM. */
    static void launcher(Path file) throws IOException {
        String installed = System.getenv("TODOCTL_BIN");
        String script;
        if (installed != null && Files.isExecutable(Path.of(installed))) {
            script = "#!/usr/bin/env bash\nexec " + RunbookRunner.quote(installed) + " \"$@\"\n";
        } else {
            String java = ProcessHandle.current().info().command().orElse("java");
            script = "#!/usr/bin/env bash\nexec " + RunbookRunner.quote(java)
                    + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp "
                    + RunbookRunner.quote(System.getProperty("java.class.path")) + " dev.todoctl.cli.Todoctl \"$@\"\n";
        }
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    void tearDown() throws IOException {
        if (work == null) {
            return;
        }
        purge();
        // an installed launcher started a daemon for the runbooks' status/history/doctor: it ends with the test
        dev.todoctl.cli.daemon.Daemons.stop(dev.todoctl.cli.daemon.DaemonPlace.directory(env, env.get("HOME")),
                java.time.Duration.ofSeconds(10));
        System.out.println("runbooks (" + RUNBOOKS + "):");
        summary.forEach(line -> System.out.println("  " + line));
        if (failedFiles.isEmpty()) {
            dev.todoctl.cli.TempTrees.delete(work);
        } else {
            System.out.println("  kept " + work + " for the failed runbooks' state and output (.runbook/)");
        }
    }

    @TestFactory
    Stream<DynamicNode> runbooks() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(RUNBOOKS)) {
            files = list.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("README.md"))
                    .filter(p -> ONLY == null || p.getFileName().toString().equals(ONLY))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        }
        assertThat(files).as("runbooks in " + RUNBOOKS + (ONLY == null ? "" : " named " + ONLY)).isNotEmpty();
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files) {
            nodes.add(runbook(Runbook.read(file)));
        }
        return nodes.stream();
    }

    private DynamicContainer runbook(Runbook runbook) {
        String name = runbook.file().getFileName().toString();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("has at least one block run against the local target", () ->
                assertThat(runbook.count(Runbook.Mode.RUN)).as(name + ": blocks run here (```bash)").isPositive()));
        Tally tally = new Tally();
        for (Runbook.Block block : runbook.blocks()) {
            String title = "line " + block.line() + " (" + block.mode().name().toLowerCase().replace('_', ' ') + "): "
                    + (block.commands().isEmpty() ? "(no command)" : block.commands().get(0).text());
            tests.add(DynamicTest.dynamicTest(title, () -> {
                if (tally.started == 0) {
                    tally.started = System.nanoTime();
                }
                if (block.mode() == Runbook.Mode.NOT_RUN) {
                    tally.skipped++;
                    Assumptions.abort(block.where() + " not run: " + block.reason());
                }
                if (block.mode() == Runbook.Mode.DOCKER && !docker) {
                    tally.skipped++;
                    DockerGate.unavailable(block.where() + " needs a Docker engine (scripts/docker-engine.sh)");
                }
                if (failedFiles.contains(runbook.file())) {
                    tally.skipped++;
                    Assumptions.abort(block.where() + ": not run, an earlier block of " + name + " failed");
                }
                RunbookRunner.Result result = runner.run(block, block.mode() == Runbook.Mode.DOCKER
                        ? Map.of("TODOCTL_TARGET", "docker") : Map.of());
                System.out.printf("%s %s: %d commands, %d s%n", block.where(), result.passed() ? "passed" : "FAILED",
                        block.commands().size(), result.took().toSeconds());
                tally.run++;
                tally.commands += block.commands().size();
                if (!result.passed()) {
                    tally.failed++;
                    failedFiles.add(runbook.file());
                    fail(result.failure() + "\n--- output of the block (last 80 lines)\n" + RunbookRunner.tail(result.output(), 80));
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("tear down (down --purge on local and docker)", () -> {
            purge();
            long seconds = tally.started == 0 ? 0 : Duration.ofNanos(System.nanoTime() - tally.started).toSeconds();
            summary.add("%-24s %2d blocks run (%d commands), %d skipped, %d failed, %d s".formatted(name, tally.run,
                    tally.commands, tally.skipped, tally.failed, seconds));
        }));
        return DynamicContainer.dynamicContainer(name, tests);
    }

    /** What one page's blocks did, for the summary printed at the end. */
    private static final class Tally {
        int run;
        int skipped;
        int commands;
        int failed;
        long started;
    }

    /** Removes whatever a runbook left on either target, data included, so the next one starts from nothing. */
    private void purge() {
        List<Map<String, String>> targets = new ArrayList<>(List.of(Map.of("TODOCTL_TARGET", "local")));
        if (docker) {
            targets.add(Map.of("TODOCTL_TARGET", "docker"));
        }
        for (Map<String, String> target : targets) {
            Runbook.Block down = new Runbook.Block(work.resolve("teardown"), 0, Runbook.Mode.RUN, null,
                    List.of(new Runbook.Command(0, "todoctl down --purge", 0)));
            RunbookRunner.Result result = runner.run(down, target);
            if (!result.passed()) {
                System.out.println("teardown on " + target + " failed: " + result.failure() + "\n" + result.output());
            }
        }
    }

}
