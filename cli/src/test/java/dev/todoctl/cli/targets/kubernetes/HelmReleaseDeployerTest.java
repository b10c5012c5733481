package dev.todoctl.cli.targets.kubernetes;

import com.marcnuri.helm.Helm;
import dev.todoctl.cli.build.Artifact;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("HelmReleaseDeployer: the image values it hands to Helm")
class HelmReleaseDeployerTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    @DisplayName("a pushed image runs by the digest the registry confirmed, not by its movable tag")
    void pushedImagesArePinnedByDigest() {
        Artifact api = new Artifact("api", "127.0.0.1:5000/todo-chatbot-api:abc1234", "sha256:local");
        List<String> pushed = List.of("127.0.0.1:5000/todo-chatbot-api:latest@sha256:" + "cd".repeat(32),
                "127.0.0.1:5000/todo-chatbot-api:abc1234@" + DIGEST);

        assertThat(HelmReleaseDeployer.pinned(api, pushed)).isEqualTo("127.0.0.1:5000/todo-chatbot-api@" + DIGEST);
        assertThat(HelmReleaseDeployer.imageSets("api", HelmReleaseDeployer.pinned(api, pushed)))
                .containsEntry("api.image.repository", "127.0.0.1:5000/todo-chatbot-api")
                .containsEntry("api.image.digest", DIGEST)
                .doesNotContainKey("api.image.tag");
    }

    @Test
    @DisplayName("an image that was not pushed keeps its tag (loaded into the node, or Docker Desktop)")
    void unpushedImagesKeepTheirTag() {
        Artifact web = new Artifact("web", "todo-chatbot-web:abc1234", "sha256:local");

        assertThat(HelmReleaseDeployer.pinned(web, List.of())).isEqualTo("todo-chatbot-web:abc1234");
    }

    @Test
    @DisplayName("an all-digit tag (a git short sha) stays a string the chart's schema accepts")
    void allDigitTagStaysAString() throws Exception {
        Map<String, String> images = new LinkedHashMap<>(HelmReleaseDeployer.imageSets("api", "todo-chatbot-api:1234567"));
        images.putAll(HelmReleaseDeployer.imageSets("web", "todo-chatbot-web:0123"));
        Path values = HelmReleaseDeployer.valuesFile(images);
        try {
            String manifest = new Helm(KubernetesReleaseTest.repoRoot().resolve("charts/todo-chatbot")).template().withName("todo").withKubeVersion("1.20.2")
                    .withValuesFile(values).call();

            assertThat(manifest).contains("image: todo-chatbot-api:1234567").contains("image: todo-chatbot-web:0123");
        } finally {
            Files.deleteIfExists(values);
        }
    }
}
