package dev.todoctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.targets.kubernetes.KubernetesReleaseTest;
import dev.todoctl.cli.targets.kubernetes.MockCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code todoctl ask} through the real CLI (in-process) against the fabric8 mock API server with a release installed
 * by the embedded Helm: questions answered from the cluster, and a scale that happens only with {@code --yes}.
 */
@DisplayName("todoctl ask against the mock cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AskCommandTest {
    static final String NS = "ask";
    static MockCluster cluster;
    @TempDir
    static Path dir;
    static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        cluster = new MockCluster();
        kubeconfig = cluster.kubeconfig(dir, "mock");
        CliRun deploy = todoctl("deploy", "--tag", "1.0.0", "--force", "--no-verify");
        assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
        CliRun second = todoctl("deploy", "--tag", "2.0.0", "--force", "--no-verify");
        assertThat(second.exitCode()).as(second.toString()).isZero();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static CliRun todoctl(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "kubernetes.namespace=" + NS, "--set", "source-dir=" + KubernetesReleaseTest.repoRoot()));
        return CliRun.in(dir, Map.of("KUBECONFIG", kubeconfig.toString()), all.toArray(String[]::new));
    }

    static int apiReplicas() {
        return cluster.client.apps().deployments().inNamespace(NS).withName("todo-chatbot-api").get().getSpec().getReplicas();
    }

    @Test
    @Order(1)
    @DisplayName("\"is everything healthy?\" answers from the cluster")
    void healthy() {
        awaitReady();
        CliRun run = todoctl("ask", "--target", "kubernetes", "is everything healthy?");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Healthy: release todo-chatbot revision 2 on the kubernetes target")
                .contains("api: 1/1 ready").contains("image todo-chatbot-api:2.0.0").contains("web URL: http://192.168.49.2:30000");
    }

    @Test
    @Order(2)
    @DisplayName("without --yes and without a terminal: exit 2, the Deployment is unchanged")
    void scaleRefused() {
        int before = apiReplicas();
        CliRun run = todoctl("ask", "--target", "kubernetes", "scale the api to 3 replicas");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.out()).contains("Not done: Will scale deployment todo-chatbot-api in namespace ask from "
                + before + " to 3 replicas");
        assertThat(run.err()).contains("rerun with --yes");
        assertThat(apiReplicas()).isEqualTo(before).isNotEqualTo(3);
    }

    @Test
    @Order(3)
    @DisplayName("--yes: the Deployment is scaled in the cluster; --output json lists the call as approved")
    void scaleApproved() throws Exception {
        int before = apiReplicas();
        CliRun run = todoctl("ask", "--target", "kubernetes", "--yes", "-o", "json", "scale the api to 3 replicas");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(apiReplicas()).isEqualTo(3);
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertThat(doc.path("answer").asText()).contains("Scaled deployment todo-chatbot-api in namespace ask from "
                + before + " to 3 replicas");
        JsonNode call = doc.path("tool_calls").get(0);
        assertThat(call.path("name").asText()).isEqualTo("scale");
        assertThat(call.path("args").path("component").asText()).isEqualTo("api");
        assertThat(call.path("args").path("replicas").asInt()).isEqualTo(3);
        assertThat(call.path("mutating").asBoolean()).isTrue();
        assertThat(call.path("approved").asBoolean()).isTrue();

        CliRun again = todoctl("ask", "--target", "kubernetes", "scale the api to 3 replicas");
        assertThat(again.exitCode()).as("nothing to change is not a refusal").isZero();
        assertThat(again.out()).contains("already has 3 replicas");
    }

    @Test
    @Order(4)
    @DisplayName("history, logs, events and memory questions read the cluster (metrics are not served by the mock)")
    void readOnly() throws Exception {
        CliRun history = todoctl("ask", "--target", "kubernetes", "show history");
        assertThat(history.exitCode()).as(history.toString()).isZero();
        assertThat(history.out()).contains("revision 1: superseded").contains("revision 2: deployed")
                .contains("todo-chatbot-api:1.0.0");

        CliRun logs = todoctl("ask", "--target", "kubernetes", "show the api logs");
        assertThat(logs.out()).contains("log lines of api").contains("listening on port 8080");

        CliRun memory = todoctl("ask", "--target", "kubernetes", "-o", "json", "what uses the most memory?");
        assertThat(memory.exitCode()).as(memory.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(memory.out());
        assertThat(doc.path("answer").asText()).contains("Pod metrics are not available").contains("metrics-server")
                .contains("memory request");
        assertThat(doc.path("tool_calls").get(0).path("approved").isNull()).isTrue();
    }

    @Test
    @Order(5)
    @DisplayName("a rollback without --yes is planned from Helm's history and refused: no new revision")
    void rollback() {
        CliRun refused = todoctl("ask", "--target", "kubernetes", "roll back");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.out()).contains("Will roll back release todo-chatbot in namespace ask from revision 2 to revision 1");
        assertThat(cluster.client.secrets().inNamespace(NS).withName("sh.helm.release.v1.todo-chatbot.v3").get()).isNull();
    }

    @Test
    @Order(6)
    @DisplayName("set a chart value: refused without --yes (no new revision); with --yes a new revision carries it")
    void setValue() throws Exception {
        CliRun refused = todoctl("ask", "--target", "kubernetes", "set api.env.LOG_LEVEL to WARN");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.out()).contains("Will set api.env.LOG_LEVEL=WARN on release todo-chatbot in namespace ask "
                + "(now DEBUG), as a new revision after 2");
        assertThat(cluster.client.secrets().inNamespace(NS).withName("sh.helm.release.v1.todo-chatbot.v3").get()).isNull();
        assertThat(logLevels()).doesNotContain("WARN");

        CliRun approved = todoctl("ask", "--target", "kubernetes", "--yes", "--force", "--no-verify",
                "set api.env.LOG_LEVEL to WARN");
        assertThat(approved.exitCode()).as(approved.toString()).isZero();
        assertThat(approved.out()).contains("Set api.env.LOG_LEVEL=WARN on todo-chatbot: revision 3 (was 2)");
        assertThat(logLevels()).contains("WARN");
        CliRun history = todoctl("history", "-o", "json");
        assertThat(history.out()).contains("Set api.env.LOG_LEVEL=WARN");
        // the rest of revision 2's values are kept: still the 2.0.0 images
        assertThat(cluster.client.apps().deployments().inNamespace(NS).withName("todo-chatbot-api").get().getSpec()
                .getTemplate().getSpec().getContainers().getFirst().getImage()).endsWith(":2.0.0");
    }

    private static List<String> logLevels() {
        return cluster.client.configMaps().inNamespace(NS).list().getItems().stream()
                .filter(cm -> cm.getData() != null && cm.getData().containsKey("LOG_LEVEL"))
                .map(cm -> cm.getData().get("LOG_LEVEL")).toList();
    }

    @Test
    @Order(7)
    @DisplayName("why is the web not starting: the release's warning events are in the answer")
    void troubleshoot() {
        CliRun crash = todoctl("deploy", "--helm-set", "web.image.tag=unready", "--force", "--no-verify", "--no-atomic",
                "--set", "timeouts.ready=2s");
        CliRun run = todoctl("ask", "--target", "kubernetes", "why is the web not starting?");
        assertThat(run.exitCode()).as(crash + "\n" + run).isZero();
        assertThat(run.out()).contains("== Diagnosis ==").contains("== Events ==")
                .contains("Warning Unhealthy pod/").contains("Readiness probe failed")
                .contains("WARNING kube/probe-failing web: readiness probe of pod todo-chatbot-web-");
    }

    /** Until the web Deployment reports its replica ready; a test that asks about health fails here otherwise. */
    private static void awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        Object status = null;
        while (Instant.now().isBefore(deadline)) {
            var d = cluster.client.apps().deployments().inNamespace(NS).withName("todo-chatbot-web").get();
            status = d == null ? "no Deployment todo-chatbot-web" : d.getStatus();
            if (d != null && d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas())) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throw new AssertionError("web not ready within 20 s; last status: " + status);
    }
}
