package dev.todoctl.cli.targets.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todoctl.cli.build.Artifact;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("deploy without a build keeps the images the running revision has")
class RunningImagesTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    static ReleaseRecord revision() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree("""
                {"name": "todo", "version": 3, "config": {
                  "api": {"image": {"repository": "127.0.0.1:5000/todo-chatbot-api", "digest": "%s"}},
                  "web": {"image": {"repository": "127.0.0.1:5000/todo-chatbot-web", "tag": "abc1234"}}}}
                """.formatted(DIGEST));
        return new ReleaseRecord("todo", 3, json);
    }

    @Test
    @DisplayName("the registry and digest (or tag) of each component, as deployed")
    void keepsRegistryAndDigest() throws Exception {
        assertThat(KubernetesTarget.runningImages(Optional.of(revision()), Map.of()))
                .extracting(Artifact::name, Artifact::reference)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("api", "127.0.0.1:5000/todo-chatbot-api@" + DIGEST),
                        org.assertj.core.groups.Tuple.tuple("web", "127.0.0.1:5000/todo-chatbot-web:abc1234"));
    }

    @Test
    @DisplayName("--tag replaces tag and digest, keeping the registry")
    void tagReplacesDigest() throws Exception {
        assertThat(KubernetesTarget.runningImages(Optional.of(revision()),
                Map.of("api.image.tag", "does-not-exist", "web.image.tag", "does-not-exist")))
                .extracting(Artifact::reference)
                .containsExactly("127.0.0.1:5000/todo-chatbot-api:does-not-exist", "127.0.0.1:5000/todo-chatbot-web:does-not-exist");
    }

    @Test
    @DisplayName("nothing deployed yet: the chart's (or --set's) images")
    void nothingDeployed() {
        assertThat(KubernetesTarget.runningImages(Optional.empty(), Map.of())).isEmpty();
    }
}
