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
