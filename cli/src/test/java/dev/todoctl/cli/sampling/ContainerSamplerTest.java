package dev.todoctl.cli.sampling;

import dev.todoctl.cli.DockerGate;
import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docker target's sampler against a real engine: a container of the local PostgreSQL base image running a busy
 * shell loop. Skipped without an engine or the image, unless TODOCTL_REQUIRE_DOCKER=true (scripts/test.sh).
 */
@DisplayName("container sampling (real Docker engine)")
class ContainerSamplerTest {
    private static final String IMAGE = "todoctl/postgres:17";

    @Test
    @DisplayName("CPU and memory of a busy container, the way docker stats computes them")
    void busyContainer() throws Exception {
        DockerClient docker = DockerGate.connect();
        if (docker.listImagesCmd().withImageNameFilter(IMAGE).exec().isEmpty()) {
            DockerGate.unavailable("image " + IMAGE + " is not built (scripts/base-images.sh)");
        }
        String name = "todoctl-loadtest-sampler-" + ProcessHandle.current().pid();
        String id = docker.createContainerCmd(IMAGE).withName(name)
                .withEntrypoint("sh", "-c", "while :; do :; done").exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            ContainerSampler sampler = new ContainerSampler(docker, Map.of("busy", name, "gone", name + "-missing"));
            sampler.sample(0);
            Thread.sleep(1500);
            sampler.sample(1.5);
            Observation.ResourceUsage usage = (Observation.ResourceUsage) sampler.observation();
            Observation.ComponentUsage busy = usage.components().stream().filter(c -> c.name().equals("busy")).findFirst().orElseThrow();
            assertThat(busy.maxCpuPercent()).as("a busy loop uses CPU").isGreaterThan(1.0);
            assertThat(busy.maxMemoryMb()).isPositive();
            Observation.ComponentUsage gone = usage.components().stream().filter(c -> c.name().equals("gone")).findFirst().orElseThrow();
            assertThat(gone.maxCpuPercent()).as("a missing container is a gap, not a failure").isZero();
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
