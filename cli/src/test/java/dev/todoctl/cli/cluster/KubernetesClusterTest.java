package dev.todoctl.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.TodoApi;
import dev.todoctl.cli.targets.kubernetes.ServiceTunnel;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kubernetes path on a real cluster (the k8s kit: Kubernetes 1.20.2, kubelet on containerd, a registry the
 * node pulls from), driven through the installed {@code todoctl} as a user drives it: images built and pushed,
 * pulled by the node by digest, a Helm release through the normal three-way patch, real probes and rollouts, and
 * validate/contract/loadtest with no URL given. Steps share one release and run in order; figures go to the test's
 * output as {@code FIGURE name: value} lines.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("kubernetes target on a real cluster")
class KubernetesClusterTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RELEASE = "it";
    static final String NAMESPACE = "todoctl-it";
    static final Duration LONG = Duration.ofMinutes(8);

    Path work;
    Path kubeconfig;
    Installed todoctl;
    KubernetesClient client;

    static Path sourceDir() {
        return Path.of(System.getenv().getOrDefault("TODOCTL_TEST_SOURCE_DIR",
                Path.of("").toAbsolutePath().getParent().toString()));
    }

    static void figure(String name, Object value) {
        System.out.println("FIGURE " + name + ": " + value);
    }

    @BeforeAll
    void cluster() throws IOException {
        kubeconfig = ClusterGate.kubeconfig();
        Path launcher = ClusterGate.launcher();
        work = Files.createTempDirectory("todoctl-cluster-");
        String context = kubeconfigContext();
        Files.writeString(work.resolve("todoctl.yaml"), """
                release: %s
                source-dir: %s
                build:
                  command: mvn -o -q -B -Dmaven.test.skip=true -pl sample-app -am package
                  registry: %s
                  push: true
                kubernetes:
                  context: %s
                  namespace: %s
                timeouts:
                  ready: 300s
                """.formatted(RELEASE, sourceDir(), registry(), context, NAMESPACE));
        Map<String, String> env = new HashMap<>();
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("HOME", System.getProperty("user.home"));
        env.put("NO_COLOR", "1");
        env.put("TODOCTL_STATE_DIR", work.resolve("state").toString());
        for (String key : List.of("PATH", "JAVA_HOME", "MAVEN_OPTS")) {
            String value = System.getenv(key);
            if (value != null) {
                env.put(key, value);
            }
        }
        todoctl = new Installed(launcher, work, env);
        client = ClusterGate.client(kubeconfig);
    }

    @AfterAll
    void cleanUp() {
        if (todoctl != null) {
            todoctl.run(LONG, "down", "--target", "kubernetes", "--purge");
        }
        if (client != null) {
            client.namespaces().withName(NAMESPACE).delete();
            client.close();
        }
    }

    static String registry() {
        return System.getenv().getOrDefault("K8S_KIT_REGISTRY", "127.0.0.1:5000");
    }

    String kubeconfigContext() throws IOException {
        JsonNode config = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(kubeconfig.toFile());
        return config.path("current-context").asText();
    }

    Installed.Run ok(String... args) {
        Installed.Run run = todoctl.run(LONG, args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    /** A tunnel to the release's web Service, as a browser reaches it through a port-forward. */
    ServiceTunnel web() {
        Service service = client.services().inNamespace(NAMESPACE).withName(RELEASE + "-todo-chatbot-web").get();
        assertThat(service).as("web Service").isNotNull();
        return ServiceTunnel.open(client, NAMESPACE, service, 0, Duration.ofSeconds(120));
    }

    List<Pod> pods(String component) {
        return client.pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", RELEASE)
                .withLabel("app.kubernetes.io/component", component).list().getItems();
    }

    @Test
    @Order(1)
    @DisplayName("up: built, pushed, pulled by the node by digest, installed by Helm, rolled out, smoke-checked")
    void coldUp() throws Exception {
        Installed.Run run = ok("up", "--target", "kubernetes", "-o", "json");
        figure("cold up", run.took().toMillis() + " ms");
        JsonNode up = JSON.readTree(run.out());
        assertThat(up.path("target").asText()).isEqualTo("kubernetes");
        assertThat(up.path("redeployed").asBoolean()).isTrue();
        assertThat(up.path("components").findValuesAsText("name")).contains("api", "web");
        assertThat(up.path("components")).allSatisfy(c -> assertThat(c.path("ready").asInt())
                .as(c.toString()).isEqualTo(c.path("desired").asInt()).isPositive());
        for (String component : List.of("api", "web")) {
            Pod pod = pods(component).getFirst();
            String image = pod.getSpec().getContainers().getFirst().getImage();
            assertThat(image).as("the node pulls by digest").startsWith(registry() + "/").contains("@sha256:");
            assertThat(pod.getStatus().getContainerStatuses().getFirst().getImageID())
                    .as("the node ran the pushed manifest").endsWith(image.substring(image.indexOf('@') + 1));
        }
        try (ServiceTunnel web = web()) {
            TodoApi api = new TodoApi(web.url());
            String token = api.login("cluster@example.com", "correct-horse", true);
            assertThat(token).isNotNull();
            assertThat(api.createTask(token, "survive the cluster")).isEqualTo(201);
        }
    }

    @Test
    @Order(2)
    @DisplayName("up again with nothing changed: nothing rebuilt, nothing redeployed")
    void noChangeUp() throws Exception {
        Installed.Run run = ok("up", "--target", "kubernetes", "-o", "json");
        figure("no-change up", run.took().toMillis() + " ms");
        JsonNode up = JSON.readTree(run.out());
        assertThat(up.path("rebuilt").asBoolean()).isFalse();
        assertThat(up.path("redeployed").asBoolean()).isFalse();
    }

    @Test
    @Order(3)
    @DisplayName("the GitHub workflow's todoctl command lines, run unchanged: up, then validate with no URL flags — "
            + "contract and all nine scenarios pass, the restart scenario included")
    void workflowCommands() throws Exception {
        Path reportDir = work.resolve("validation-report");
        List<String> commands = WorkflowCommands.todoctlLines(sourceDir().resolve(".github/workflows/validate.yml"));
        assertThat(commands).as("the workflow deploys and validates").anyMatch(c -> c.startsWith("todoctl up"))
                .anyMatch(c -> c.startsWith("todoctl validate"));
        for (String command : commands) {
            Installed.Run run = WorkflowCommands.runInBash(todoctl, command, Map.of("REPORT_DIR", reportDir.toString()), LONG);
            figure("workflow `" + command.replaceAll("\\s+", " ") + "`", run.took().toMillis() + " ms");
            assertThat(run.exitCode()).as(run.toString()).isZero();
        }
        JsonNode report = JSON.readTree(reportDir.resolve("report.json").toFile());
        List<String> failed = new java.util.ArrayList<>();
        List<String> skipped = new java.util.ArrayList<>();
        for (JsonNode suite : report.path("suites")) {
            for (JsonNode check : suite.path("checks")) {
                String outcome = check.path("outcome").asText();
                String name = suite.path("name").asText() + ": " + check.path("name").asText();
                if (outcome.equals("failed")) {
                    failed.add(name);
                } else if (outcome.equals("skipped")) {
                    skipped.add(name + " — " + check.path("message").asText());
                }
            }
        }
        figure("validate skipped", skipped);
        assertThat(failed).isEmpty();
        assertThat(Files.readString(reportDir.resolve("junit.xml"))).contains("persistence across an api restart");
    }

    @Test
    @Order(4)
    @DisplayName("contract check with no URL flags")
    void contractCheck() {
        Installed.Run run = ok("contract", "check", "--target", "kubernetes");
        figure("contract check", run.took().toMillis() + " ms");
    }

    @Test
    @Order(5)
    @DisplayName("loadtest with no URL flags: a short run meets the default SLOs")
    void loadtest() throws Exception {
        Installed.Run run = ok("loadtest", "--target", "kubernetes", "--users", "5", "--ramp", "2s", "--duration", "15s",
                "-o", "json", "--results-dir", work.resolve("loadtest").toString());
        JsonNode doc = JSON.readTree(run.out());
        figure("loadtest 5 users 15 s", doc.path("summary").toString());
        assertThat(doc.path("summary").path("requests").asInt()).isPositive();
    }

    @Test
    @Order(6)
    @DisplayName("status -o json names the release, its ready components and no failure")
    void status() throws Exception {
        JsonNode status = JSON.readTree(ok("status", "--target", "kubernetes", "-o", "json").out());
        assertThat(status.path("healthy").asBoolean()).as(status.toString()).isTrue();
        assertThat(status.path("release").path("name").asText()).isEqualTo(RELEASE);
    }

    @Test
    @Order(7)
    @DisplayName("logs shows what the api pod wrote")
    void logs() {
        assertThat(ok("logs", "api", "--target", "kubernetes").out()).contains("\"level\"");
    }

    @Test
    @Order(20)
    @DisplayName("down keeps the PVC (the data); up finds the same tasks; down --purge leaves nothing of the release")
    void downAndPurge() throws Exception {
        ok("down", "--target", "kubernetes");
        assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems()).as("PVC kept").isNotEmpty();
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).list().getItems()).isEmpty();

        ok("up", "--target", "kubernetes");
        try (ServiceTunnel web = web()) {
            TodoApi api = new TodoApi(web.url());
            String token = api.login("cluster@example.com", "correct-horse", false);
            assertThat(token).as("the user survived down/up").isNotNull();
            assertThat(api.tasks(token).path("total").asInt()).isPositive();
        }

        ok("down", "--target", "kubernetes", "--purge");
        assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", RELEASE).list()
                .getItems()).isEmpty();
        assertThat(client.secrets().inNamespace(NAMESPACE).withLabel("owner", "helm").list().getItems()).isEmpty();
    }
}
