package dev.todoctl.cli.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.platform.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code todoctl loadtest} for real against the local target (api and web as JVMs, H2): {@code up} deploys it,
 * short Gatling runs load it. Runs are kept short and small: the build machine has two cores.
 */
@DisplayName("todoctl loadtest against the local target")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadtestCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path work;
    private Map<String, String> env;

    @BeforeAll
    void up() throws Exception {
        work = Files.createTempDirectory("todoctl-loadtest");
        Path source = Path.of(System.getenv().getOrDefault("TODOCTL_TEST_SOURCE_DIR",
                Path.of("").toAbsolutePath().getParent().toString()));
        Files.writeString(work.resolve("todoctl.yaml"), """
                release: loadtest
                source-dir: %s
                build:
                  command: mvn -o -q -B -DskipTests -pl sample-app -am package
                local:
                  api-port: %d
                  web-port: %d
                timeouts:
                  ready: 120s
                  stop: 5s
                """.formatted(source, Ports.anyFree(), Ports.anyFree()));
        env = new java.util.HashMap<>(CliRun.buildEnvironment(work.resolve("state")));
        // the reused users' pool goes to the test's own cache directory, never the machine's
        env.put("XDG_CACHE_HOME", work.resolve("cache").toString());
        CliRun up = CliRun.in(work, env, "up", "--target", "local");
        assertThat(up.exitCode()).as(up.toString()).isZero();
    }

    @AfterAll
    void down() throws Exception {
        // keep the api's log for a failed run's post-mortem
        dev.todoctl.cli.TempTrees.keepFiles(work.resolve("state/logs"), Path.of("target", "loadtest-e2e-logs"));
        CliRun.in(work, env, "down", "--target", "local", "--purge");
        dev.todoctl.cli.TempTrees.delete(work);
    }

    private CliRun loadtest(String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("loadtest", "--target", "local"));
        all.addAll(java.util.List.of(args));
        return CliRun.in(work, env, all.toArray(String[]::new));
    }

    @Test
    @Order(1)
    @DisplayName("10 users for 20 s: zero errors, a parsed summary with plausible numbers, the report, CPU and memory")
    void shortRun() throws Exception {
        // 10 users, not 20: the local target runs the api with -XX:TieredStopAtLevel=1 (C1 only), where one sign-up
        // (PBKDF2, 210,000 iterations) costs over a second of CPU; 20 of them need more CPU than a shared 2-core
        // machine gives a 20 s run. The 20-user run is LoadRunnerTest's, against the api in-process.
        CliRun run = loadtest("--users", "10", "--ramp", "5s", "--duration", "20s", "--think-time", "100ms",
                "--slo", "errors<0.1%", "--save-baseline", "base", "--output", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode s = JSON.readTree(run.out());
        assertThat(s.get("verdict").asText()).isEqualTo("pass");
        assertThat(s.get("errors").asLong()).isZero();
        assertThat(s.get("errors_by_status").size()).isZero();
        // sign-up (PBKDF2, 210,000 iterations) of 20 users takes seconds of CPU; on a shared 2-core machine the
        // journeys may get only a few seconds of the 20: plausible, not fast
        assertThat(s.get("requests").asLong()).as(run.out()).isPositive();
        assertThat(s.get("setup").get("requests").asLong()).as(run.out()).isEqualTo(10 + 30);
        assertThat(s.get("setup").get("errors").asLong()).isZero();
        // prepared before the ramp, reported apart: none of the sign-ups or seeds is a measured request
        JsonNode phase = s.get("setup_phase");
        assertThat(phase.get("mode").asText()).isEqualTo("prepared");
        assertThat(phase.get("signed_up").asInt()).isEqualTo(10);
        assertThat(phase.get("seeded_tasks").asInt()).isEqualTo(30);
        assertThat(phase.get("duration_seconds").asDouble()).isPositive();
        assertThat(s.get("by_request").findValuesAsText("name")).doesNotContain("signup", "seed");
        assertThat(s.get("rps").asDouble()).isBetween(0.0, 400.0).isPositive();
        assertThat(s.get("duration_s").asDouble()).isBetween(19.0, 60.0);
        long p50 = s.get("p50_ms").asLong();
        long p95 = s.get("p95_ms").asLong();
        long p99 = s.get("p99_ms").asLong();
        long max = s.get("max_ms").asLong();
        assertThat(p50).isLessThanOrEqualTo(p95);
        assertThat(p95).isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(max);
        assertThat(max).isLessThan(30_000);
        assertThat(Path.of(s.get("report").asText())).isRegularFile().hasFileName("index.html");
        // Gatling judged errors<0.1% on its own counts (set-up included; none failed) and must agree
        assertThat(s.get("gatling_assertions").asText()).isEqualTo("held");
        assertThat(s.get("observed").get("kind").asText()).isEqualTo("resources");
        JsonNode api = s.get("observed").get("components").get(0);
        assertThat(api.get("name").asText()).isEqualTo("api");
        assertThat(api.get("max_cpu_percent").asDouble()).isPositive();
        assertThat(api.get("max_memory_mb").asDouble()).isPositive();
        assertThat(s.get("saved_baseline").asText()).isEqualTo("base");
        assertThat(work.resolve("state/baselines/base.json")).isRegularFile();
    }

    @Test
    @Order(4)
    @DisplayName("--reuse-users twice: the second run signs up and logs in no one; the pool file is 0600 and no token is printed")
    void reusedUsers() throws Exception {
        String[] args = {"--users", "4", "--ramp", "1s", "--duration", "5s", "--think-time", "100ms", "--reuse-users",
                "--user-prefix", "e2e", "--output", "json"};
        CliRun first = loadtest(args);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(JSON.readTree(first.out()).get("setup_phase").get("signed_up").asInt()).isEqualTo(4);
        CliRun second = loadtest(args);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode phase = JSON.readTree(second.out()).get("setup_phase");
        assertThat(phase.get("mode").asText()).isEqualTo("reused");
        assertThat(phase.get("signed_up").asInt()).isZero();
        assertThat(phase.get("logged_in").asInt()).isZero();
        assertThat(phase.get("reused_tokens").asInt()).isEqualTo(4);
        assertThat(phase.get("removed_tasks").asInt()).as("the first run's tasks, reset").isGreaterThanOrEqualTo(4 * 3);

        // one pool per prefix and release (local/loadtest), whatever port the api listens on
        String poolKey = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("local/loadtest".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 5);
        Path pool = work.resolve("cache/todoctl/loadtest-users/e2e-" + poolKey + ".properties");
        assertThat(pool).isRegularFile();
        assertThat(second.err()).contains(pool.toString());
        assertThat(Files.getPosixFilePermissions(pool)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        java.util.Properties p = new java.util.Properties();
        try (var r = Files.newBufferedReader(pool)) {
            p.load(r);
        }
        for (String key : p.stringPropertyNames()) {
            if (key.endsWith(".token") || key.equals("password")) {
                String secret = p.getProperty(key);
                for (CliRun r : java.util.List.of(first, second)) {
                    assertThat(r.out()).doesNotContain(secret);
                    assertThat(r.err()).doesNotContain(secret);
                }
            }
        }
    }

    @Test
    @Order(2)
    @DisplayName("an impossible SLO (p95<0ms) exits 60 and says which SLO broke")
    void impossibleSlo() {
        CliRun run = loadtest("--users", "5", "--ramp", "1s", "--duration", "10s", "--think-time", "100ms", "--slo", "p95<0ms");
        System.out.println(run); // the human table, in the surefire output file
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(60);
        assertThat(run.out()).contains("SLO p95<0ms", "BREACHED", "verdict: FAIL", "report: ", "index.html");
    }

    @Test
    @Order(3)
    @DisplayName("against an artificially better baseline the run fails with 60 and prints the diff")
    void betterBaseline() throws Exception {
        Path base = work.resolve("state/baselines/base.json");
        ObjectNode better = (ObjectNode) JSON.readTree(base.toFile());
        ObjectNode summary = (ObjectNode) better.get("summary");
        summary.put("p95_ms", 0).put("p50_ms", 0).put("p99_ms", 0).put("error_rate_percent", 0.0);
        better.put("name", "better");
        Files.writeString(base.resolveSibling("better.json"), JSON.writeValueAsString(better));

        // chat: every request writes and runs the agent, so its p95 is well above 1 ms (the comparison's slack)
        CliRun run = loadtest("--scenario", "chat", "--users", "5", "--ramp", "1s", "--duration", "10s", "--think-time", "100ms",
                "--compare-to", "better");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(60);
        assertThat(run.out()).contains("against baseline 'better'", "p95_ms", "REGRESSED", "verdict: FAIL");
    }
}
