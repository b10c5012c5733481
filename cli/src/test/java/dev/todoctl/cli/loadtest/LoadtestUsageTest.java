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
    @DisplayName("nothing answering at --base-url: exit 30 with a fix, before any Gatling starts")
    void nothingThere(@TempDir Path dir) {
        CliRun r = run(dir, "loadtest", "--base-url", "http://127.0.0.1:" + Ports.anyFree(), "--duration", "5s");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(30);
        assertThat(r.err()).contains("does not answer /health", "fix:");
    }

    @Test
    @DisplayName("nothing deployed on the local target: exit 30 suggesting todoctl up")
    void nothingDeployed(@TempDir Path dir) {
        CliRun r = run(dir, "loadtest", "--target", "local", "--duration", "5s");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(30);
        assertThat(r.err()).contains("todoctl up --target local");
    }

    @Test
    @DisplayName("listed in help with its options")
    void help(@TempDir Path dir) {
        CliRun r = run(dir, "loadtest", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--scenario", "--users", "--ramp", "--duration", "--slo", "--save-baseline", "--compare-to",
                "--base-url", "--output");
    }
}
