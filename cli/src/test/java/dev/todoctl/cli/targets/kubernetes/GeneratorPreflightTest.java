package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.CliRun;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code loadtest --generators N} refuses what cannot work before any image is built or any Job created: each case
 * exits 2 with a clear message and the mock API server holds no Job and no pod afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("loadtest --generators: bad input refused before any load, nothing created")
class GeneratorPreflightTest {
    MockCluster cluster;
    Path kubeconfig;
    @TempDir
    Path dir;

    @BeforeAll
    void start(@TempDir Path kubeDir) throws Exception {
        cluster = new MockCluster();
        kubeconfig = cluster.kubeconfig(kubeDir, "mock");
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @BeforeEach
    void roomyNode() {
        node("2", "8Gi");
        cluster.dispatcher.unserved.clear();
    }

    void node(String cpu, String memory) {
        cluster.client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.49.2").endAddress()
                .withAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110")))
                .withConditions(new NodeConditionBuilder().withType("Ready").withStatus("True").build())
                .endStatus().build()).createOr(r -> r.update());
    }

    CliRun loadtest(String... extra) {
        List<String> args = new ArrayList<>(List.of("loadtest", "--target", "kubernetes", "--ramp", "1s", "--duration", "5s",
                "--set", "kubernetes.namespace=gen", "--set", "source-dir=" + KubernetesReleaseTest.repoRoot()));
        args.addAll(List.of(extra));
        CliRun run = CliRun.in(dir, Map.of("KUBECONFIG", kubeconfig.toString(), "TODOCTL_STATE_DIR", dir.resolve("state").toString()),
                args.toArray(String[]::new));
        cluster.dispatcher.unserved.clear(); // to look for Jobs below
        assertThat(cluster.client.batch().v1().jobs().inAnyNamespace().list().getItems()).as("no Job created").isEmpty();
        assertThat(cluster.client.pods().inAnyNamespace().withLabel(KubeInClusterLoad.JOB_LABEL).list().getItems()).isEmpty();
        return run;
    }

    @Test
    @DisplayName("--users 0, an unknown scenario, users that do not split evenly, --reuse-users, --base-url")
    void options() {
        CliRun zero = loadtest("--generators", "2", "--users", "0");
        assertThat(zero.exitCode()).as(zero.toString()).isEqualTo(2);
        assertThat(zero.err()).contains("--users 0", "at least one user");
        CliRun scenario = loadtest("--generators", "2", "--users", "4", "--scenario", "checkout");
        assertThat(scenario.exitCode()).as(scenario.toString()).isEqualTo(2);
        assertThat(scenario.err()).contains("unknown scenario 'checkout'");
        CliRun uneven = loadtest("--generators", "2", "--users", "3");
        assertThat(uneven.exitCode()).as(uneven.toString()).isEqualTo(2);
        assertThat(uneven.err()).contains("--users 3 does not split evenly over 2 generators", "--users 2 or 4");
        CliRun fewer = loadtest("--generators", "4", "--users", "2");
        assertThat(fewer.exitCode()).as(fewer.toString()).isEqualTo(2);
        CliRun reuse = loadtest("--generators", "2", "--users", "4", "--reuse-users");
        assertThat(reuse.exitCode()).as(reuse.toString()).isEqualTo(2);
        assertThat(reuse.err()).contains("--reuse-users");
        CliRun url = loadtest("--generators", "2", "--users", "4", "--base-url", "http://127.0.0.1:1");
        assertThat(url.exitCode()).as(url.toString()).isEqualTo(2);
        assertThat(url.err()).contains("--base-url does not apply");
        CliRun local = CliRun.in(dir, Map.of("TODOCTL_STATE_DIR", dir.resolve("state").toString()), "loadtest", "--target", "local",
                "--generators", "2", "--users", "4", "--ramp", "1s", "--duration", "5s");
        assertThat(local.exitCode()).as(local.toString()).isEqualTo(2);
        assertThat(local.err()).contains("the local target has none");
        CliRun image = loadtest("--generator-image", "x:1");
        assertThat(image.exitCode()).as(image.toString()).isEqualTo(2);
        assertThat(image.err()).contains("--generator-image needs --generators");
    }

    @Test
    @DisplayName("a cluster without the batch/v1 Job API")
    void noJobApi() {
        cluster.dispatcher.unserved.add("batch/v1");
        CliRun run = loadtest("--generators", "2", "--users", "4");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("does not serve the Job API batch/v1");
    }

    @Test
    @DisplayName("more generators than the nodes have room for (CPU requests)")
    void unschedulable() {
        node("300m", "8Gi");
        CliRun run = loadtest("--generators", "2", "--users", "4");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--generators 2: the nodes have room for 1 generator pod(s)", "--generators 1");
    }

    @Test
    @DisplayName("a generator image that is neither on a node nor in its registry")
    void imageMissing() {
        CliRun run = loadtest("--generators", "2", "--users", "4", "--generator-image", "127.0.0.1:1/todoctl-load-generator:nope");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("generator image 127.0.0.1:1/todoctl-load-generator:nope is neither on a node nor in its registry");
    }

    @Test
    @DisplayName("no api Service, or one with no ready pod behind it: exit 30 before any image or Job")
    void nothingToLoad() {
        CliRun none = loadtest("--generators", "2", "--users", "4", "--set", "release=it");
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(30);
        assertThat(none.err()).contains("release it has no api Service");
        cluster.client.services().inNamespace("gen").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("it-todo-chatbot-api").addToLabels(KubeRolloutWatcher.INSTANCE_LABEL, "it")
                .addToLabels(KubeRolloutWatcher.COMPONENT_LABEL, "api").endMetadata()
                .withNewSpec().withClusterIP("10.0.0.9").addNewPort().withPort(8080).endPort().endSpec().build()).create();
        CliRun idle = loadtest("--generators", "2", "--users", "4", "--set", "release=it");
        assertThat(idle.exitCode()).as(idle.toString()).isEqualTo(30);
        assertThat(idle.err()).contains("no ready api pod behind the Service it-todo-chatbot-api");
    }
}
