package dev.todoctl.cli.targets.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.cli.DockerGate;
import dev.todoctl.cli.EndToEndScenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL, api and web containers on the real engine, images really built. Skipped (with the reason) when no
 * engine answers or the checkout lacks docker/ and charts/, unless TODOCTL_REQUIRE_DOCKER=true, which turns the
 * skip into a failure (scripts/test.sh sets it after starting the engine).
 */
@DisplayName("docker target end to end")
class DockerTargetEndToEndTest extends EndToEndScenario {

    @BeforeAll
    static void engineAndSources() {
        String missing = null;
        if (!DockerGate.engineAnswers()) {
            missing = "no Docker engine answers on /var/run/docker.sock (start one: scripts/docker-engine.sh)";
        } else if (!Files.isRegularFile(sourceDir().resolve("docker/Dockerfile"))
                || !Files.isRegularFile(sourceDir().resolve("charts/todo-chatbot/values.yaml"))) {
            missing = sourceDir() + " has no docker/Dockerfile or charts/todo-chatbot/values.yaml";
        }
        if (missing != null) {
            DockerGate.unavailable("docker target e2e: " + missing);
        }
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Order(4)
    @DisplayName("validate's hygiene scans the containers' env: clean as deployed; the JWT secret copied into CHAT_MODEL is exit 50")
    void hygieneScansContainerEnv() throws Exception {
        String check = "no secret in plain configuration (ConfigMaps, env)";
        // the outcome of that one check, from the JSON report: the scenario's other checks are not this test's business
        Path report = work.resolve("hygiene.json");
        dev.todoctl.cli.CliRun clean = hygiene(report);
        assertThat(checkOutcome(report, check)).as(clean.toString()).isEqualTo("passed");

        String jwt = Files.readString(secretFile()).strip();
        try {
            todoctl("up", "--set", "app.chat-model=" + jwt);
            dev.todoctl.cli.CliRun leaked = hygiene(report);
            assertThat(leaked.exitCode()).as(leaked.toString()).isEqualTo(50);
            assertThat(checkOutcome(report, check)).isEqualTo("failed");
            assertThat(leaked.out()).contains("the JWT secret is in plain configuration env/" + release() + "-api/CHAT_MODEL")
                    .doesNotContain(jwt);
        } finally {
            todoctl("up");
        }
    }

    private dev.todoctl.cli.CliRun hygiene(Path report) {
        return dev.todoctl.cli.CliRun.in(work, env, "validate", "--target", target(), "--no-contract", "--scenario",
                "hygiene", "--json", report.toString(), "--evidence-dir", work.resolve("evidence-hygiene").toString());
    }

    private static String checkOutcome(Path report, String name) throws IOException {
        for (JsonNode suite : JSON.readTree(report.toFile()).path("suites")) {
            for (JsonNode c : suite.path("checks")) {
                if (c.path("name").asText().equals(name)) {
                    return c.path("outcome").asText();
                }
            }
        }
        return "absent";
    }

    /**
     * Two rotations: the api moves to todo_b and back, each time with a new password in the state directory (0600),
     * the retired password refused by PostgreSQL, the data and sessions kept, the database container not recreated,
     * nothing secret printed.
     */
    @Override
    protected void rotateDatabase(dev.todoctl.cli.TodoApi api, String session) throws Exception {
        Path state = work.resolve("state/docker");
        String postgres = release() + "-postgres";
        String containerBefore = docker("inspect", "-f", "{{.Id}}", postgres);
        int tasks = api.tasks(session).path("total").asInt();
        String first = Files.readString(state.resolve("db-password")).strip();
        assertThat(state.resolve("db-user")).doesNotExist();

        long start = System.nanoTime();
        dev.todoctl.cli.CliRun rotated = todoctl("secrets", "rotate", "database", "-o", "json");
        System.out.println("FIGURE docker secrets rotate database: "
                + String.format("%.1f s", (System.nanoTime() - start) / 1e9));
        JsonNode doc = JSON.readTree(rotated.out());
        assertThat(doc.path("secret").asText()).isEqualTo("database");
        assertThat(doc.path("steps")).hasSize(3);
        assertThat(Files.readString(state.resolve("db-user")).strip()).isEqualTo("todo_b");
        String second = Files.readString(state.resolve("db-password")).strip();
        assertThat(second).isNotEqualTo(first);
        for (String file : List.of("db-user", "db-password")) {
            assertThat(java.nio.file.Files.getPosixFilePermissions(state.resolve(file)))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        }
        assertThat(rotated.out() + rotated.err()).doesNotContain(first).doesNotContain(second);
        assertThat(psql(postgres, "todo", first)).as("the retired password is refused").isNotZero();
        assertThat(psql(postgres, "todo_b", second)).isZero();
        dev.todoctl.cli.TodoApi now = web(JSON.readTree(todoctl("status", "-o", "json").out()));
        assertThat(now.tasks(session).path("total").asInt()).as("data and session kept").isEqualTo(tasks);
        JsonNode history = history();
        assertThat(history.get(history.size() - 1).get("description").asText()).isEqualTo("secrets rotate database");

        todoctl("secrets", "rotate", "database");
        assertThat(Files.readString(state.resolve("db-user")).strip()).isEqualTo("todo");
        assertThat(psql(postgres, "todo_b", second)).isNotZero();
        assertThat(psql(postgres, "todo", Files.readString(state.resolve("db-password")).strip())).isZero();
        now = web(JSON.readTree(todoctl("status", "-o", "json").out()));
        assertThat(now.tasks(session).path("total").asInt()).isEqualTo(tasks);
        assertThat(docker("inspect", "-f", "{{.Id}}", postgres)).as("the database container was not recreated")
                .isEqualTo(containerBefore);
        JsonNode unchanged = JSON.readTree(todoctl("up", "-o", "json").out());
        assertThat(unchanged.path("redeployed").asBoolean()).as("`up` after rotations: the same fingerprint").isFalse();
    }

    /** psql over TCP with a password (as the api logs in) inside the database container: its exit code. */
    private static int psql(String container, String user, String password) throws Exception {
        Process p = new ProcessBuilder("docker", "exec", "-e", "PGPASSWORD=" + password, container, "psql", "-X", "-h",
                "127.0.0.1", "-U", user, "-d", "todo", "-Atc", "SELECT 1").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Override
    protected String target() {
        return "docker";
    }

    @Override
    protected Path secretFile() {
        return work.resolve("state/docker/jwt-secret");
    }

    @Override
    protected void assertStopped(JsonNode lastUp) throws Exception {
        assertThat(docker("ps", "-a", "--filter", "label=dev.todoctl.release=" + release(), "-q")).isBlank();
        assertThat(docker("volume", "ls", "-q", "--filter", "name=" + release() + "-pgdata")).contains(release() + "-pgdata");
    }

    /**
     * Points revision {@code n} at an image id the engine does not have, as if a prune had removed it (its real
     * image is shared with the later revisions here, so removing it would break those too).
     */
    @Override
    protected void loseImagesOf(int revision) throws Exception {
        Path file = work.resolve("state/docker/revisions.json");
        JsonNode entries = JSON.readTree(file.toFile());
        for (JsonNode entry : entries) {
            if (entry.get("revision").asInt() == revision) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) entry.get("spec")).put("apiImageId",
                        "sha256:" + "0".repeat(64));
            }
        }
        JSON.writeValue(file.toFile(), entries);
    }

    @Override
    protected void assertPurged() throws Exception {
        assertThat(docker("ps", "-a", "--filter", "label=dev.todoctl.release=" + release(), "-q")).isBlank();
        assertThat(docker("volume", "ls", "-q", "--filter", "name=" + release() + "-pgdata")).isBlank();
    }

    private static String docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.strip();
    }
}
