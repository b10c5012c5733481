package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.Artifact;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.load.LoadResult;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.platform.Environment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Image loading per kind of cluster, with fake {@code minikube}, {@code kind} and {@code docker} executables on
 * PATH that record their arguments and print a node image list (no real cluster tool can run here).
 */
@DisplayName("loading images onto the cluster's node")
class ClusterImageLoaderTest {
    static final String API_ID = "sha256:" + "1".repeat(64);
    static final String WEB_ID = "sha256:" + "2".repeat(64);
    static final BuildResult BUILD = new BuildResult(List.of(new Artifact("api", "todo-chatbot-api:0.1.0", API_ID),
            new Artifact("web", "todo-chatbot-web:0.1.0", WEB_ID)), false, Duration.ZERO, List.of());

    @TempDir
    Path dir;
    Path bin;
    Path calls;

    @BeforeEach
    void setUp() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        calls = dir.resolve("calls.log");
    }

    /** A fake tool: logs "name args" and, for listing commands, prints {@code listing}. */
    void fake(String name, String listing, int exit) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, """
                #!/bin/sh
                echo "%s $*" >> '%s'
                case "$*" in
                  *"image ls"*|*"crictl images"*) cat <<'JSON'
                %s
                JSON
                  ;;
                esac
                exit %d
                """.formatted(name, calls, listing, exit));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    ClusterImageLoader loader(String context, boolean push, String registry) throws IOException {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: x}}]
                contexts: [{name: %s, context: {cluster: c, user: u}}]
                current-context: %s
                """.formatted(context, context));
        Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString(), "PATH", bin + ":/usr/bin:/bin"),
                dir, dir, false);
        KubeAccess kube = KubeAccess.from(env, context, "todo");
        return new ClusterImageLoader(kube, new TodoctlConfig.Build(List.of(), "", List.of(), registry, push), env,
                line -> { }, "", reference -> {
                    throw new AssertionError("no image is exported in these cases");
                });
    }

    List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : new ArrayList<>();
    }

    @Nested
    @DisplayName("kind")
    class Kind {
        @Test
        @DisplayName("kind load docker-image --name <cluster from kind-<name>>, then crictl on the control plane confirms the ids")
        void loads() throws IOException {
            fake("kind", "", 0);
            fake("docker", """
                    {"images":[{"id":"%s","repoTags":["docker.io/library/todo-chatbot-api:0.1.0"]},
                               {"id":"%s","repoTags":["docker.io/library/todo-chatbot-web:0.1.0"]}]}""".formatted(API_ID, WEB_ID), 0);
            LoadResult result = loader("kind-dev", false, "").load(BUILD);
            assertThat(result.skipped()).isFalse();
            assertThat(calls()).containsExactly(
                    "kind load docker-image todo-chatbot-api:0.1.0 --name dev",
                    "docker exec dev-control-plane crictl images -o json",
                    "kind load docker-image todo-chatbot-web:0.1.0 --name dev",
                    "docker exec dev-control-plane crictl images -o json");
        }

        @Test
        @DisplayName("an image on the node with another id (a stale tag) fails with exit 20")
        void staleImage() throws IOException {
            fake("kind", "", 0);
            fake("docker", """
                    {"images":[{"id":"sha256:%s","repoTags":["docker.io/library/todo-chatbot-api:0.1.0"]}]}"""
                    .formatted("9".repeat(64)), 0);
            assertThatThrownBy(() -> loader("kind-dev", false, "").load(BUILD))
                    .isInstanceOfSatisfying(TodoctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(20);
                        assertThat(e.getMessage()).contains("kind node dev-control-plane").contains("not the image just built");
                    });
        }

        @Test
        @DisplayName("a failing kind load is exit 20 with its output")
        void loadFails() throws IOException {
            fake("kind", "", 1);
            assertThatThrownBy(() -> loader("kind-dev", false, "").load(BUILD))
                    .isInstanceOfSatisfying(TodoctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(20);
                        assertThat(e.getMessage()).contains("kind load docker-image todo-chatbot-api:0.1.0 --name dev failed (exit 1)");
                    });
        }
    }

    @Nested
    @DisplayName("minikube")
    class Minikube {
        @Test
        @DisplayName("minikube image load, then minikube image ls --format json confirms the ids")
        void loads() throws IOException {
            fake("minikube", """
                    [{"id":"%s","repoDigests":[],"repoTags":["docker.io/library/todo-chatbot-api:0.1.0"],"size":"1"},
                     {"id":"%s","repoDigests":[],"repoTags":["docker.io/library/todo-chatbot-web:0.1.0"],"size":"1"}]"""
                    .formatted(API_ID.substring(7), WEB_ID.substring(7)), 0);
            loader("minikube", false, "").load(BUILD);
            assertThat(calls()).contains("minikube -p minikube image load todo-chatbot-api:0.1.0",
                    "minikube -p minikube image ls --format json", "minikube -p minikube image load todo-chatbot-web:0.1.0");
        }

        @Test
        @DisplayName("the node lacking the image after loading is exit 20")
        void missing() throws IOException {
            fake("minikube", "[]", 0);
            assertThatThrownBy(() -> loader("minikube", false, "").load(BUILD))
                    .isInstanceOfSatisfying(TodoctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(20);
                        assertThat(e.getMessage()).contains("does not have todo-chatbot-api:0.1.0");
                    });
        }

        @Test
        @DisplayName("minikube not installed: exit 20 saying so")
        void notInstalled() {
            assertThatThrownBy(() -> loader("minikube", false, "").load(BUILD))
                    .isInstanceOfSatisfying(TodoctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(20);
                        assertThat(e.getMessage()).contains("minikube is not installed");
                    });
        }
    }

    @Nested
    @DisplayName("Docker Desktop and other clusters")
    class Others {
        @Test
        @DisplayName("docker-desktop: nothing to do, no tool run")
        void dockerDesktop() throws IOException {
            assertThat(loader("docker-desktop", false, "").load(BUILD).skipped()).isTrue();
            assertThat(calls()).isEmpty();
        }

        @Test
        @DisplayName("any other context needs --push to a registry (exit 20), and is fine with it")
        void remote() throws IOException {
            assertThatThrownBy(() -> loader("prod-eu", false, "").load(BUILD))
                    .isInstanceOfSatisfying(TodoctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(20);
                        assertThat(e.suggestions()).anyMatch(s -> s.contains("--push --registry"));
                    });
            String api = "registry.example.com/team/todo-chatbot-api";
            String web = "registry.example.com/team/todo-chatbot-web";
            String apiDigest = "sha256:" + "a".repeat(64);
            String webDigest = "sha256:" + "b".repeat(64);
            List<Artifact> artifacts = List.of(new Artifact("api", api + ":0.1.0", API_ID), new Artifact("web", web + ":0.1.0", WEB_ID));
            BuildResult pushed = new BuildResult(artifacts, false, Duration.ZERO, List.of(), List.of(
                    api + ":0.1.0@" + apiDigest, api + ":latest@" + apiDigest, web + ":0.1.0@" + webDigest));
            LoadResult loaded = loader("prod-eu", true, "registry.example.com/team").load(pushed);
            assertThat(loaded.summary()).contains("pushed to registry.example.com/team");
            assertThat(loaded.evidence()).containsExactly(api + "@" + apiDigest + " (tag " + api + ":0.1.0)",
                    web + "@" + webDigest + " (tag " + web + ":0.1.0)");

            // a build that says push but did not push web (e.g. a result from before --push) is not trusted
            BuildResult half = new BuildResult(artifacts, false, Duration.ZERO, List.of(), List.of(api + ":0.1.0@" + apiDigest));
            assertThatThrownBy(() -> loader("prod-eu", true, "registry.example.com/team").load(half))
                    .isInstanceOfSatisfying(TodoctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(20);
                        assertThat(e.getMessage()).contains("did not push " + web + ":0.1.0");
                    });
        }
    }
}
