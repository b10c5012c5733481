package dev.todoctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.targets.kubernetes.KubernetesReleaseTest;
import dev.todoctl.cli.targets.kubernetes.MockCluster;
import dev.todoctl.cli.targets.kubernetes.ReleaseRecord;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code todoctl diagnose --target kubernetes} through the real CLI against the fabric8 mock API server: a
 * namespace where the release's pods, events, Service, HPA and Helm record are written in bad states gives the
 * findings and exit 30; a release deployed by the embedded Helm and rolled out by the mock's controller gives the
 * healthy line and exit 0. The api's readiness comes from a small local HTTP server standing in for a port-forward.
 */
@DisplayName("todoctl diagnose on kubernetes (mock API server)")
class DiagnoseKubernetesTest {
    static final String RELEASE = "todo-chatbot";
    static MockCluster cluster;
    static HttpServer api;
    static volatile String readiness = "";
    @TempDir
    static Path dir;
    static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        cluster = new MockCluster();
        kubeconfig = cluster.kubeconfig(dir, "mock");
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/health/ready", exchange -> {
            byte[] body = readiness.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(readiness.contains("DOWN") ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
    }

    @AfterAll
    static void stop() {
        api.stop(0);
        cluster.close();
    }

    static CliRun todoctl(String namespace, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "kubernetes.namespace=" + namespace, "--set",
                "source-dir=" + KubernetesReleaseTest.repoRoot()));
        return CliRun.in(dir, Map.of("KUBECONFIG", kubeconfig.toString()), all.toArray(String[]::new));
    }

    static String apiUrl() {
        return "http://127.0.0.1:" + api.getAddress().getPort();
    }

    @Test
    @DisplayName("pods crash-looping, without their image, unschedulable; a Service without endpoints; an HPA without "
            + "metrics; Helm stuck; database down: every finding, with evidence and fixes, exit 30")
    void badState() throws Exception {
        String ns = "diag-bad";
        var client = cluster.client;
        String crash = "todo-chatbot-api-6f4c7d9b8-r8t2n";
        client.pods().inNamespace(ns).resource(pod(crash, "api", new PodStatusBuilder().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("False").endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName("api").withImage("todo-chatbot-api:1.1.0")
                        .withReady(false).withRestartCount(6).withNewLastState().withNewTerminated().withExitCode(1)
                        .withReason("Error").endTerminated().endLastState().withNewState().withNewWaiting()
                        .withReason("CrashLoopBackOff").withMessage("back-off 5m0s restarting failed container").endWaiting()
                        .endState().build()).build())).create();
        cluster.containerLog(crash, MockCluster.CRASH_LOG);
        client.pods().inNamespace(ns).resource(pod("todo-chatbot-web-84d6b7c9f-wl5xv", "web", new PodStatusBuilder()
                .withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder().withName("web")
                        .withImage("todo-chatbot-web:1.1.0").withReady(false).withRestartCount(0).withNewState().withNewWaiting()
                        .withReason("ErrImagePull").withMessage("rpc error: code = NotFound").endWaiting().endState().build())
                .build())).create();
        client.pods().inNamespace(ns).resource(pod("todo-chatbot-postgresql-0", "database", new PodStatusBuilder()
                .withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/1 nodes are available: 1 Insufficient cpu.").endCondition().build())).create();
        client.v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata().withName("pg.1").endMetadata()
                .withReason("FailedScheduling").withType("Warning").withNewInvolvedObject().withKind("Pod")
                .withName("todo-chatbot-postgresql-0").endInvolvedObject()
                .withMessage("0/1 nodes are available: 1 Insufficient cpu.").build()).create();
        client.services().inNamespace(ns).resource(service("todo-chatbot-api", "api")).create();
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).resource(new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("todo-chatbot-api").withLabels(labels("api")).endMetadata()
                .withNewSpec().withMinReplicas(2).withMaxReplicas(5).withNewScaleTargetRef().withApiVersion("apps/v1")
                .withKind("Deployment").withName("todo-chatbot-api").endScaleTargetRef().endSpec()
                .withNewStatus().withDesiredReplicas(2).addNewCondition().withType("ScalingActive").withStatus("False")
                .withReason("FailedGetResourceMetric").withMessage("the HPA was unable to compute the replica count: "
                        + "failed to get cpu utilization").endCondition().endStatus().build()).create();
        helmRecord(ns, 1, "deployed", "2026-01-01T00:00:00Z");
        helmRecord(ns, 2, "pending-upgrade", "2026-01-01T01:00:00Z");
        readiness = "{\"status\":\"DOWN\",\"checks\":{\"database\":\"DOWN\",\"migrations\":\"DOWN\"}}";

        CliRun table = todoctl(ns, "diagnose", "--target", "kubernetes", "--api-url", apiUrl());
        assertThat(table.exitCode()).as(table.toString()).isEqualTo(30);
        assertThat(table.out()).contains("CRITICAL kube/crash-loop api: container api of pod " + crash
                        + " is crash-looping (6 restarts, last exit code 1)",
                        "  | FATAL: password authentication failed for user \"todo\"",
                        "fix: kubectl --context mock -n diag-bad logs " + crash + " -c api --previous --tail=50",
                        "fix: todoctl rollback 1 --target kubernetes --set kubernetes.namespace=diag-bad")
                .contains("CRITICAL kube/image-pull web:", "ErrImagePull")
                .contains("CRITICAL kube/pending database:", "no node has enough free cpu")
                .contains("CRITICAL kube/service-no-endpoints api: Service todo-chatbot-api has no ready endpoints")
                .contains("WARNING kube/hpa-no-metrics api:")
                .contains("CRITICAL kube/helm-stuck release: Helm release todo-chatbot is stuck in pending-upgrade at revision 2",
                        "fix: kubectl --context mock -n diag-bad delete secret sh.helm.release.v1.todo-chatbot.v2")
                .contains("CRITICAL kube/database-unreachable api: the api cannot reach its database", "→ 503")
                .contains("✗ 6 critical, 1 warning, 0 info for release todo-chatbot on kubernetes (exit 30)");

        CliRun json = todoctl(ns, "diagnose", "--target", "kubernetes", "--api-url", apiUrl(), "-o", "json");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(30);
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertThat(doc.path("healthy").asBoolean(true)).isFalse();
        assertThat(doc.path("exit_code").asInt()).isEqualTo(30);
        List<String> rules = new ArrayList<>();
        doc.path("findings").forEach(f -> rules.add(f.path("rule").asText()));
        assertThat(rules).containsExactlyInAnyOrder("kube/crash-loop", "kube/image-pull", "kube/pending",
                "kube/service-no-endpoints", "kube/hpa-no-metrics", "kube/helm-stuck", "kube/database-unreachable");
        JsonNode first = doc.path("findings").get(0);
        assertThat(first.path("severity").asText()).isEqualTo("critical");
        assertThat(first.has("evidence") && first.has("fixes") && first.has("component") && first.has("summary")).isTrue();
    }

    @Test
    @DisplayName("a release deployed by Helm and rolled out, its Services with endpoints, readiness UP: healthy line, exit 0")
    void healthy() throws Exception {
        String ns = "diag-ok";
        CliRun deploy = todoctl(ns, "deploy", "--tag", "1.0.0", "--force", "--no-verify");
        assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
        playEndpointsController(ns);
        readiness = "{\"status\":\"UP\",\"checks\":{\"database\":\"UP\",\"migrations\":\"UP\"}}";

        CliRun run = todoctl(ns, "diagnose", "--target", "kubernetes", "--api-url", apiUrl());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("✓ healthy: no findings for release todo-chatbot on kubernetes (11 rules checked)");

        CliRun json = todoctl(ns, "diagnose", "--target", "kubernetes", "-o", "yaml");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).contains("healthy: true", "findings: []");
    }

    @Test
    @DisplayName("--api-url that is not an http URL is exit 2; --help shows examples and the exit codes")
    void usage() {
        CliRun bad = todoctl("diag-usage", "diagnose", "--target", "kubernetes", "--api-url", "localhost:8080");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--api-url 'localhost:8080' is not an http(s) URL");
        CliRun help = CliRun.in(dir, Map.of(), "diagnose", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Examples:", "todoctl diagnose --target kubernetes -o json", "30 (deploy/rollout)");
    }

    /** What the endpoints controller does: each Service's Endpoints list the ready pods its selector matches. */
    private static void playEndpointsController(String ns) {
        var client = cluster.client;
        long deadline = System.currentTimeMillis() + 30_000;
        for (Service service : client.services().inNamespace(ns).list().getItems()) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<Pod> ready;
            do {
                ready = client.pods().inNamespace(ns).withLabels(selector).list().getItems().stream()
                        .filter(p -> p.getStatus() != null && p.getStatus().getConditions().stream()
                                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))).toList();
            } while (ready.isEmpty() && System.currentTimeMillis() < deadline);
            var endpoints = new EndpointsBuilder().withNewMetadata().withName(service.getMetadata().getName()).endMetadata();
            var subset = endpoints.addNewSubset();
            int ip = 10;
            for (Pod pod : ready) {
                subset.addNewAddress().withIp("10.244.0." + ip++).withNewTargetRef().withKind("Pod")
                        .withName(pod.getMetadata().getName()).endTargetRef().endAddress();
            }
            client.endpoints().inNamespace(ns).resource(subset.endSubset().build()).create();
        }
    }

    private static void helmRecord(String ns, int revision, String status, String lastDeployed) {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("name", RELEASE).put("version", revision).put("namespace", ns);
        json.putObject("info").put("status", status).put("description", "Preparing upgrade").put("last_deployed", lastDeployed);
        String data = new ReleaseRecord(RELEASE, revision, json).encode();
        cluster.client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata()
                .withName(ReleaseRecord.secretName(RELEASE, revision))
                .withLabels(Map.of("owner", "helm", "name", RELEASE, "status", status, "version", String.valueOf(revision)))
                .endMetadata().withType("helm.sh/release.v1").addToData("release", data).build()).create();
    }

    private static Map<String, String> labels(String component) {
        return Map.of("app.kubernetes.io/instance", RELEASE, "app.kubernetes.io/component", component,
                "app.kubernetes.io/name", "todo-chatbot");
    }

    private static Pod pod(String name, String component, PodStatus status) {
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels(component)).endMetadata()
                .withNewSpec().addNewContainer().withName(component.equals("database") ? "postgresql" : component)
                .withImage("todo-chatbot-" + component + ":1.1.0").endContainer().endSpec().withStatus(status).build();
    }

    private static Service service(String name, String component) {
        return new ServiceBuilder().withNewMetadata().withName(name).withLabels(labels(component)).endMetadata()
                .withNewSpec().withSelector(labels(component)).addNewPort().withName("http").withPort(8080).endPort()
                .endSpec().build();
    }
}
