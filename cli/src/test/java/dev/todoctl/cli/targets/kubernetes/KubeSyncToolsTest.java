package dev.todoctl.cli.targets.kubernetes;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import dev.todoctl.cli.DockerGate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether an image can take {@code todoctl dev}'s in-pod sync (bash, tar, head), decided on the real engine from a
 * created, never started container: the JRE base the bundled images use has them; an image with none falls back to
 * thin images, naming what is missing. No container is left behind either way.
 */
class KubeSyncToolsTest {

    @Test
    @DisplayName("the bundled images' JRE base has bash, tar and head; an image without them names bash; nothing left behind")
    void syncTools(@TempDir Path context) throws Exception {
        DockerClient docker = DockerGate.connect();
        String jre = System.getenv().getOrDefault("TODOCTL_JRE_IMAGE", "todoctl/jre:25");
        try {
            docker.inspectImageCmd(jre).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            DockerGate.unavailable(jre + " is not in the engine (scripts/base-images.sh)");
        }
        int containers = docker.listContainersCmd().withShowAll(true).exec().size();
        assertThat(KubeLiveReload.missingTool(docker, jre)).isEmpty();

        Files.writeString(context.resolve("marker"), "no shell here\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY marker /marker\n");
        String tag = "todoctl-test/no-shell:" + ProcessHandle.current().pid();
        String id = docker.buildImageCmd().withBaseDirectory(context.toFile()).withDockerfile(context.resolve("Dockerfile").toFile())
                .withTags(Set.of(tag)).withPull(false).exec(new BuildImageResultCallback()).awaitImageId();
        try {
            assertThat(KubeLiveReload.missingTool(docker, tag)).isEqualTo(Optional.of("bash"));
        } finally {
            docker.removeImageCmd(id).withForce(true).exec();
        }
        assertThat(docker.listContainersCmd().withShowAll(true).exec()).hasSize(containers);
    }
}
