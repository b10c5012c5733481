package dev.todoctl.cli.devloop;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import dev.todoctl.cli.DockerGate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The docker target's dev loop: bind mounts of the overlay and the assets on an engine on this machine. */
@DisplayName("todoctl dev on the docker target")
class DockerDevLoopTest extends DevLoopScenario {
    private DockerClient docker;

    @Override
    protected void precondition() {
        if (!DockerGate.engineAnswers()) {
            DockerGate.unavailable("dev loop on docker: no Docker engine answers on /var/run/docker.sock "
                    + "(start one: scripts/docker-engine.sh)");
        }
        if (!Files.isRegularFile(repository().resolve("docker/Dockerfile"))) {
            DockerGate.unavailable("dev loop on docker: " + repository() + " has no docker/Dockerfile");
        }
        docker = DockerGate.connect();
    }

    @AfterAll
    void closeClient() throws Exception {
        if (docker != null) {
            docker.close();
        }
    }

    @Override
    protected String target() {
        return "docker";
    }

    @Override
    protected List<String> extraSources() {
        return List.of("docker", "charts/todo-chatbot");
    }

    @Override
    protected String identity(JsonNode status, String component) {
        return docker.inspectContainerCmd("devloop-" + component).exec().getState().getStartedAt();
    }

    @Override
    protected void assertNothingRuns(JsonNode lastStatus) {
        assertThat(docker.listContainersCmd().withShowAll(true).withNameFilter(List.of("devloop-")).exec())
                .as("no container of the release is left").isEmpty();
    }
}
