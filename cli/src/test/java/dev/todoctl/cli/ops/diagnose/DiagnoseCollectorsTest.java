package dev.todoctl.cli.ops.diagnose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.DockerGate;
import dev.todoctl.cli.targets.local.LocalState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local and docker collectors for real, through {@code todoctl diagnose}: a local state directory whose
 * processes are gone or whose port another process holds, and one whose "processes" are alive (this JVM's pid)
 * with an api readiness served by a small HTTP server; on the real Docker engine, a container of the stack that
 * exited 3 at once.
 */
@DisplayName("todoctl diagnose with the local and docker collectors")
class DiagnoseCollectorsTest {
    @TempDir
    static Path dir;

    @Nested
    @DisplayName("local")
    class Local {
        @Test
        @DisplayName("api port held by another process, web process gone: both found with their log lines, exit 30")
        void broken() throws Exception {
            Path state = dir.resolve("broken");
            try (ServerSocket squatter = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
                int webPort = dev.todoctl.cli.platform.Ports.anyFree();
                long dead = deadPid();
                write(state, squatter.getLocalPort(), webPort, dead + " 0", dead + " 0",
                        "java.net.BindException: Address already in use", "web stopped by SIGKILL");
                CliRun run = CliRun.in(dir, Map.of(), "diagnose", "--target", "local", "--set", "state-dir=" + state);
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(30);
                assertThat(run.out()).contains("CRITICAL local/port-taken api: port " + squatter.getLocalPort()
                                + " of the api is taken by another process", "  | java.net.BindException: Address already in use")
                        .contains("CRITICAL local/process-gone web: the web process is not running",
                                "pid " + dead + " from " + state.resolve("web.pid") + ": no such process", "  | web stopped by SIGKILL",
                                "fix: todoctl up --target local --set state-dir=" + state);
            }
        }

        @Test
        @DisplayName("processes alive and readiness UP: healthy, exit 0; readiness database DOWN: exit 30")
        void aliveThenDatabaseDown() throws Exception {
            Path state = dir.resolve("alive");
            HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String[] body = {"{\"status\":\"UP\",\"checks\":{\"database\":\"UP\",\"migrations\":\"UP\"}}"};
            api.createContext("/health/ready", exchange -> {
                byte[] bytes = body[0].getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(body[0].contains("DOWN") ? 503 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            api.start();
            try {
                ProcessHandle self = ProcessHandle.current();
                String pid = self.pid() + " " + self.info().startInstant().orElseThrow().toEpochMilli();
                write(state, api.getAddress().getPort(), dev.todoctl.cli.platform.Ports.anyFree(), pid, pid, "api ready", "web ready");
                CliRun ok = CliRun.in(dir, Map.of(), "diagnose", "--target", "local", "--set", "state-dir=" + state);
                assertThat(ok.exitCode()).as(ok.toString()).isZero();
                assertThat(ok.out()).startsWith("✓ healthy: no findings for release todo-chatbot on local (4 rules checked)");

                body[0] = "{\"status\":\"DOWN\",\"checks\":{\"database\":\"DOWN\",\"migrations\":\"DOWN\"}}";
                CliRun down = CliRun.in(dir, Map.of(), "diagnose", "--target", "local", "--set", "state-dir=" + state,
                        "-o", "json");
                assertThat(down.exitCode()).as(down.toString()).isEqualTo(30);
                var doc = new ObjectMapper().readTree(down.out());
                assertThat(doc.path("findings").get(0).path("rule").asText()).isEqualTo("local/api-not-ready");
                assertThat(doc.path("findings").get(0).path("summary").asText()).contains("cannot reach its database");
            } finally {
                api.stop(0);
            }
        }

        private static void write(Path state, int apiPort, int webPort, String apiPid, String webPid, String apiLog,
                                  String webLog) throws IOException {
            new LocalState(state).save(new LocalState.Deployment(1, "f00d", apiPort, webPort, "/nowhere/todo-chatbot.jar",
                    "sha256:0000", "/usr/lib/jvm/none"));
            Files.createDirectories(state.resolve("logs"));
            Files.writeString(state.resolve("api.pid"), apiPid + "\n");
            Files.writeString(state.resolve("web.pid"), webPid + "\n");
            Files.writeString(state.resolve("logs/api.log"), "starting api\n" + apiLog + "\n");
            Files.writeString(state.resolve("logs/web.log"), "starting web\n" + webLog + "\n");
        }

        /** The pid of a process that has ended. */
        private static long deadPid() throws Exception {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            return p.pid();
        }
    }

    @Test
    @DisplayName("an engine that does not answer is one critical finding with the reason, exit 30")
    void unreachableEngine() {
        CliRun run = CliRun.in(dir, Map.of(), "diagnose", "--target", "docker", "--set",
                "docker.host=unix://" + dir.resolve("no-docker.sock"));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(30);
        assertThat(run.out()).contains("CRITICAL docker/unreachable target: the docker target cannot be read",
                "no Docker socket at " + dir.resolve("no-docker.sock"), "fix: todoctl doctor --target docker");
    }

    @Nested
    @DisplayName("docker (real engine)")
    class Docker {
        static final String IMAGE = "todoctl/debian-base:trixie";
        final String release = "diag-" + Long.toHexString(System.nanoTime());

        @BeforeAll
        static void engine() throws Exception {
            String missing = null;
            if (!DockerGate.engineAnswers()) {
                missing = "no Docker engine answers on /var/run/docker.sock";
            } else if (docker("image", "inspect", IMAGE).exit() != 0) {
                missing = "image " + IMAGE + " is not on the engine (scripts/base-images.sh builds it)";
            }
            if (missing != null) {
                DockerGate.unavailable("docker diagnose: " + missing);
            }
        }

        @Test
        @DisplayName("an api container of the stack that exited 3: its exit code and last log line; the missing volume; exit 30")
        void exited() throws Exception {
            String name = release + "-api";
            try {
                Result run = docker("run", "--name", name, "--label", "dev.todoctl.release=" + release, "--label",
                        "dev.todoctl.component=api", IMAGE, "sh", "-c", "echo 'FATAL: JWT_SECRET is not set' >&2; exit 3");
                assertThat(run.exit()).isEqualTo(3);
                CliRun diagnose = CliRun.in(dir, Map.of(), "diagnose", "--target", "docker", "--set", "release=" + release);
                assertThat(diagnose.exitCode()).as(diagnose.toString()).isEqualTo(30);
                assertThat(diagnose.out()).contains("CRITICAL docker/exited api: container " + name
                                + " is not running (exited, exit code 3)", "  | FATAL: JWT_SECRET is not set",
                        "fix: docker logs --tail 50 " + name)
                        .contains("CRITICAL docker/volume-missing postgres: the database volume " + release + "-pgdata is missing");
            } finally {
                docker("rm", "-f", name);
            }
            CliRun none = CliRun.in(dir, Map.of(), "diagnose", "--target", "docker", "--set", "release=" + release);
            assertThat(none.exitCode()).as(none.toString()).isZero();
            assertThat(none.out()).contains("INFO docker/not-deployed release: release " + release + " has no containers");
        }

        record Result(int exit, String out) {
        }

        static Result docker(String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("docker"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        }
    }
}
