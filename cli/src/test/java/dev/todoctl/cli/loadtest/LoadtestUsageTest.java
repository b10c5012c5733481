package dev.todoctl.cli.loadtest;

import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.platform.Ports;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("todoctl loadtest: mistakes and nothing to load")
class LoadtestUsageTest {

    private static CliRun run(Path dir, String... args) {
        return CliRun.in(dir, Map.of("TODOCTL_STATE_DIR", dir.resolve("state").toString()), args);
    }

    @Test
    @DisplayName("an unreadable SLO, an unknown scenario or a bad duration is a usage error (2)")
    void usage(@TempDir Path dir) {
        String url = "http://127.0.0.1:" + Ports.anyFree();
        assertThat(run(dir, "loadtest", "--base-url", url, "--slo", "p95<fast").exitCode()).isEqualTo(2);
        assertThat(run(dir, "loadtest", "--base-url", url, "--scenario", "nope").exitCode()).isEqualTo(2);
        assertThat(run(dir, "loadtest", "--compare-to", "../etc").exitCode()).isEqualTo(2);
    }

    @Test
    @DisplayName("--users 0, an unknown scenario, contradicting user options: exit 2 with a clear message, and not one request reaches the api")
    void refusedBeforeAnyLoad(@TempDir Path dir) throws Exception {
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer api = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"status\":\"UP\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        try {
            String url = "http://127.0.0.1:" + api.getAddress().getPort();
            CliRun zero = run(dir, "loadtest", "--base-url", url, "--users", "0", "--ramp", "1s", "--duration", "5s");
            assertThat(zero.exitCode()).as(zero.toString()).isEqualTo(2);
            assertThat(zero.err()).contains("--users 0", "at least one user");
            CliRun negative = run(dir, "loadtest", "--base-url", url, "-u", "-3", "--ramp", "1s", "--duration", "5s");
            assertThat(negative.exitCode()).as(negative.toString()).isEqualTo(2);
            CliRun unknown = run(dir, "loadtest", "--base-url", url, "--scenario", "checkout", "--ramp", "1s", "--duration", "5s");
            assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
            assertThat(unknown.err()).contains("unknown scenario 'checkout'", "browse, crud, chat, mixed");
            CliRun both = run(dir, "loadtest", "--base-url", url, "--reuse-users", "--signup-in-load", "--ramp", "1s", "--duration", "5s");
            assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
            assertThat(both.err()).contains("--reuse-users", "--signup-in-load");
            CliRun prefix = run(dir, "loadtest", "--base-url", url, "--reuse-users", "--user-prefix", "Bad Name", "--ramp", "1s", "--duration", "5s");
            assertThat(prefix.exitCode()).as(prefix.toString()).isEqualTo(2);
            assertThat(prefix.err()).contains("user prefix 'Bad Name'");
            CliRun concurrency = run(dir, "loadtest", "--base-url", url, "--setup-concurrency", "0", "--ramp", "1s", "--duration", "5s");
            assertThat(concurrency.exitCode()).as(concurrency.toString()).isEqualTo(2);
            CliRun ramp = run(dir, "loadtest", "--base-url", url, "--ramp", "10m", "--duration", "5s");
            assertThat(ramp.exitCode()).as(ramp.toString()).isEqualTo(2);
            assertThat(ramp.err()).contains("ramp must be between 0 and the duration");
            assertThat(requests.get()).as("nothing was loaded, not even /health").isZero();
            assertThat(dir.resolve("state/loadtest")).doesNotExist();
        } finally {
            api.stop(0);
        }
    }

    @Test
    @DisplayName("nothing answering at --base-url: exit 30 with a fix, before any Gatling starts")
    void nothingThere(@TempDir Path dir) {
        CliRun r = run(dir, "loadtest", "--base-url", "http://127.0.0.1:" + Ports.anyFree(), "--ramp", "1s", "--duration", "5s");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(30);
        assertThat(r.err()).contains("does not answer /health", "fix:");
    }

    @Test
    @DisplayName("nothing deployed on the local target: exit 30 suggesting todoctl up")
    void nothingDeployed(@TempDir Path dir) {
        CliRun r = run(dir, "loadtest", "--target", "local", "--ramp", "1s", "--duration", "5s");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(30);
        assertThat(r.err()).contains("todoctl up --target local");
    }

    @Test
    @DisplayName("listed in help with its options")
    void help(@TempDir Path dir) {
        CliRun r = run(dir, "loadtest", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--scenario", "--users", "--ramp", "--duration", "--slo", "--save-baseline", "--compare-to",
                "--base-url", "--output",
                "--reuse-users", "--user-prefix", "--signup-in-load", "--setup-concurrency");
    }
}
