package dev.todoctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.outcome.Phase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("todoctl command line")
class TodoctlCliTest {
    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.in(dir, Map.of("TODOCTL_STATE_DIR", dir.resolve("state").toString()), args);
    }

    @Nested
    @DisplayName("help")
    class Help {
        @Test
        @DisplayName("root help lists every exit code of Phase")
        void exitCodes() {
            CliRun r = run("--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("Exit codes:");
            for (Phase phase : Phase.values()) {
                assertThat(r.out()).containsPattern("\\s" + phase.exitCode() + "\\s+" + phase.meaning());
            }
        }

        @ParameterizedTest(name = "todoctl {0} --help shows examples")
        @ValueSource(strings = {"up", "down", "status", "logs", "build", "doctor", "config", "version", "completion"})
        void examples(String command) {
            CliRun r = run(command, "--help");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("Examples:").contains("todoctl " + command);
        }

        @Test
        @DisplayName("config view has examples too")
        void nested() {
            assertThat(run("config", "view", "--help").out()).contains("Examples:");
        }
    }

    @Nested
    @DisplayName("bad input exits 2 with a clear message and changes nothing")
    class BadInput {
        static Stream<Arguments> cases() {
            return Stream.of(
                    Arguments.of("unknown flag", new String[] {"up", "--bogus"}, "Unknown option: '--bogus'"),
                    Arguments.of("unknown command", new String[] {"upp"}, "Unmatched argument"),
                    Arguments.of("no command", new String[] {}, "missing command"),
                    Arguments.of("unknown profile", new String[] {"up", "--profile", "staging"}, "unknown profile 'staging'"),
                    Arguments.of("unknown target", new String[] {"up", "--target", "mars"}, "target: 'mars' is not one of"),
                    Arguments.of("unknown --set key", new String[] {"up", "--set", "local.api-prot=1"}, "did you mean 'local.api-port'"),
                    Arguments.of("bad --set value", new String[] {"up", "--set", "local.api-port=http"}, "'http' is not a port number"),
                    Arguments.of("bad output format", new String[] {"status", "-o", "xml"}, "Invalid value for option '--output'"),
                    Arguments.of("unknown component", new String[] {"logs", "db"}, "unknown component 'db'"),
                    Arguments.of("unsupported shell", new String[] {"completion", "fish"}, "unsupported shell"),
                    Arguments.of("missing config file", new String[] {"up", "--config", "nope.yaml"}, "does not exist"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cases")
        void exit2(String name, String[] args, String message) {
            CliRun r = run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains(message);
            assertThat(dir.resolve("state")).doesNotExist();
        }

        @Test
        @DisplayName("broken todoctl.yaml: file and line named, nothing changed")
        void brokenFile() throws IOException {
            Files.writeString(dir.resolve("todoctl.yaml"), """
                    release: demo
                    local:
                      api-port: eighty
                    """);
            CliRun r = run("up", "--target", "local");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains(dir.resolve("todoctl.yaml") + ":3: local.api-port: 'eighty' is not a port number")
                    .contains("nothing was changed");
            assertThat(dir.resolve("state")).doesNotExist();
        }

        @Test
        @DisplayName("YAML syntax error names the line")
        void syntax() throws IOException {
            Files.writeString(dir.resolve("todoctl.yaml"), "release: demo\nlocal:\n  api-port: [1\n  web-port: 2\n");
            CliRun r = run("config", "view");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).containsPattern("todoctl.yaml:\\d+: not valid YAML");
        }

        @Test
        @DisplayName("--output json failures are one JSON object on stdout")
        void jsonError() {
            CliRun r = run("status", "-o", "json", "--profile", "nope");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.out().strip()).startsWith("{").endsWith("}").contains("\"exit_code\" : 2");
        }
    }

    @Nested
    @DisplayName("an unusable target fails before anything is built or changed (exit 30)")
    class UnusableTarget {
        @Test
        @DisplayName("Docker engine down")
        void dockerDown() {
            CliRun r = CliRun.in(dir, Map.of("TODOCTL_STATE_DIR", dir.resolve("state").toString(),
                    "DOCKER_HOST", "unix://" + dir.resolve("no-docker.sock")), "up", "--target", "docker");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(30);
            assertThat(r.err()).contains("target docker is not usable here: no Docker socket").contains("todoctl doctor");
            assertThat(dir.resolve("state")).doesNotExist();
        }

        @Test
        @DisplayName("unreachable cluster")
        void clusterDown() throws IOException {
            Path kubeconfig = dir.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: gone
                      cluster:
                        server: https://127.0.0.1:1
                    contexts:
                    - name: gone
                      context:
                        cluster: gone
                        user: nobody
                    current-context: gone
                    users:
                    - name: nobody
                      user:
                        token: x
                    """);
            CliRun r = CliRun.in(dir, Map.of("TODOCTL_STATE_DIR", dir.resolve("state").toString(),
                    "KUBECONFIG", kubeconfig.toString()), "up", "--target", "kubernetes");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(30);
            assertThat(r.err()).contains("target kubernetes is not usable here").contains("not reachable");
            assertThat(dir.resolve("state")).doesNotExist();
        }
    }

    @Nested
    @DisplayName("other commands")
    class Others {
        @Test
        @DisplayName("version: todoctl's own version, the Java runtime and the platform, as JSON and as text")
        void version() throws IOException {
            CliRun r = run("version", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode doc = new ObjectMapper().readTree(r.out());
            // classes run from target/classes here: no jar manifest, so no Implementation-Version
            assertThat(doc.path("todoctl").asText()).isEqualTo("development build");
            assertThat(doc.path("java").asText()).startsWith(Runtime.version().toString())
                    .contains(System.getProperty("java.vendor"));
            assertThat(doc.path("os").asText()).isEqualTo(System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            assertThat(run("version").out()).contains("todoctl  development build")
                    .contains("java     " + Runtime.version());
        }

        @Test
        @DisplayName("completion bash is a picocli script")
        void completion() {
            CliRun r = run("completion", "bash");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("complete -F").contains("todoctl");
        }

        @Test
        @DisplayName("status of a release never deployed")
        void statusNothing() {
            CliRun r = run("status", "--target", "local", "-o", "json");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("\"deployed\" : false");
        }

        @Test
        @DisplayName("doctor exits 2 when the local target's build tool is missing")
        void doctor() {
            CliRun r = CliRun.in(dir, Map.of("PATH", dir.toString(), "TODOCTL_STATE_DIR", dir.resolve("s").toString()),
                    "doctor", "--target", "local", "--set", "build.command=no-such-mvn package");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.out()).contains("✓ java").contains("✗ build tool").contains("fix:");
        }
    }
}
