package dev.todoctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;
import dev.todoctl.cli.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("todoctl validate --compare-to against real apps")
class ValidateCompareTest {
    private static final String ORIGIN = "http://localhost:8000";
    @TempDir
    static Path dir;
    private static ApiServer left;
    private static ApiServer twin;
    private static ApiServer otherCors;

    private static ApiServer start(String name, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "JWT_SECRET", "validate-compare-test-secret-0123456789", "DATA_DIR", dir.resolve(name).toString(),
                "CORS_ALLOWED_ORIGINS", ORIGIN));
        env.putAll(extra);
        return ApiServer.start(ApiConfig.from(new Env(env)));
    }

    @BeforeAll
    static void startApps() {
        left = start("left", Map.of());
        twin = start("twin", Map.of());
        // the difference: production's CORS allows only its own origin
        otherCors = start("other", Map.of("CORS_ALLOWED_ORIGINS", "https://todo.example.com"));
    }

    @AfterAll
    static void stop() {
        left.close();
        twin.close();
        otherCors.close();
    }

    private static String url(ApiServer api) {
        return "http://127.0.0.1:" + api.port();
    }

    @Test
    @DisplayName("two deployments of the same app: no differences, exit 0")
    void same() {
        CliRun run = CliRun.in(dir, Map.of(), "validate", "--base-url", url(left), "--compare-to", url(twin));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("no differences in status, headers that matter or body shape");
    }

    @Test
    @DisplayName("another configuration on one side: its differences listed by step, exit 50, JSON report written")
    void differs() throws Exception {
        Path json = dir.resolve("compare.json");
        CliRun run = CliRun.in(dir, Map.of(), "validate", "--base-url", url(left), "--compare-to", url(otherCors),
                "--allowed-origin", ORIGIN, "--json", json.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(50);
        assertThat(run.out()).contains("header access-control-allow-origin: " + ORIGIN + " ≠ (absent)")
                .contains("  create a task  POST /api/v1/tasks");
        JsonNode report = new ObjectMapper().readTree(Files.readString(json));
        assertThat(report.get("same").asBoolean()).isFalse();
        assertThat(report.get("differences").size()).isPositive();
        assertThat(report.get("differences").get(0).get("aspect").asText()).isEqualTo("header");
    }

    @Test
    @DisplayName("-o json prints the comparison as JSON")
    void jsonOutput() throws Exception {
        CliRun run = CliRun.in(dir, Map.of(), "validate", "--base-url", url(left), "--compare-to", url(twin), "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.get("same").asBoolean()).isTrue();
        assertThat(report.get("requests").asInt()).isGreaterThan(20);
    }

    @Test
    @DisplayName("a --compare-to that is not an http(s) URL is a usage error (exit 2); one that does not answer is exit 50")
    void badInput() throws Exception {
        CliRun bad = CliRun.in(dir, Map.of(), "validate", "--base-url", url(left), "--compare-to", "todo.example.com");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("--compare-to");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun away = CliRun.in(dir, Map.of(), "validate", "--base-url", url(left), "--compare-to", "http://127.0.0.1:" + port);
        assertThat(away.exitCode()).as(away.toString()).isEqualTo(50);
        assertThat(away.out()).contains("not compared").contains("does not answer");
    }
}
