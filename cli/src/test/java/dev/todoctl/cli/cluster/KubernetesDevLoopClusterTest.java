package dev.todoctl.cli.cluster;

import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.DevLoopRun;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code todoctl dev --target kubernetes} on the real cluster, on a copy of the sources: a Java change is copied into
 * the running api pod and its JVM restarted, a web asset is copied into the web pod and served without a restart, a
 * pod that replaces one mid-session catches up, a change that does not compile leaves the pods alone, and stopping
 * the loop uninstalls the release. The app is reached the way a browser does, through web's NodePort.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("todoctl dev on a real cluster")
class KubernetesDevLoopClusterTest {
    static final String NAMESPACE = System.getenv().getOrDefault("TODOCTL_IT_DEV_NAMESPACE", "todoctl-it-dev");
    static final int NODE_PORT = 30321;
    static final String AUTH = "sample-app/src/main/java/dev/todoctl/app/auth/Authenticator.java";
    static final String CSS = "sample-app/src/main/resources/web/app.css";

    private Path work;
    private Path src;
    private Map<String, String> env;
    private DevLoopRun loop;
    private KubernetesClient client;

    @BeforeAll
    void start() throws Exception {
        Path kubeconfig = ClusterGate.kubeconfig();
        client = ClusterGate.client(kubeconfig);
        Path repo = KubernetesClusterTest.sourceDir();
        work = Files.createTempDirectory("todoctl-dev-cluster-");
        src = work.resolve("src");
        dev.todoctl.cli.SourceCopy.of(repo, src, java.util.List.of("docker", "charts/todo-chatbot"));
        // its own NodePort, so it never meets another release's on the node
        Path values = src.resolve("charts/todo-chatbot/values.yaml");
        Files.writeString(values, Files.readString(values).replace("nodePort: 30000", "nodePort: " + NODE_PORT));
        String context = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(kubeconfig.toFile())
                .path("current-context").asText();
        Files.writeString(work.resolve("todoctl.yaml"), """
                release: devit
                source-dir: %s
                build:
                  command: mvn -o -q -B -Dmaven.test.skip=true -f sample-app/pom.xml package
                  registry: %s
                  push: true
                kubernetes:
                  context: %s
                  namespace: %s
                timeouts:
                  ready: 300s
                """.formatted(src, KubernetesClusterTest.registry(), context, NAMESPACE));
        env = CliRun.buildEnvironment(work.resolve("state"));
        env.put("NO_COLOR", "1");
        env.put("KUBECONFIG", kubeconfig.toString());
        loop = DevLoopRun.start(work, env, src, "dev", "--target", "kubernetes");
        loop.awaitOutput("watching", Duration.ofMinutes(10));
    }

    @AfterAll
    void stop() throws Exception {
        if (loop != null) {
            loop.stop(Duration.ofMinutes(3));
        }
        if (work != null) {
            CliRun.in(work, env, "down", "--target", "kubernetes", "--purge");
        }
        if (client != null) {
            client.namespaces().withName(NAMESPACE).delete();
            client.close();
        }
        dev.todoctl.cli.TempTrees.delete(work);
    }

    private String web() {
        return "http://127.0.0.1:" + NODE_PORT;
    }

    @Test
    @Order(1)
    @DisplayName("a Java change is copied into the running api pod and its JVM restarted: no new image, no new pod")
    void javaChange() throws Exception {
        String pod = podUid("api");
        var container = client.apps().deployments().inNamespace(NAMESPACE).withName("devit-todo-chatbot-api").get()
                .getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getCommand()).as("the dev deploy runs the reload supervisor").startsWith("bash", "-c");
        assertThat(container.getArgs()).contains("-cp", "api").doesNotContain("-jar");
        loop.edit(AUTH, "\"missing bearer token\"", "\"missing bearer token (dev-1)\"");
        assertThat(DevLoopRun.awaitBody(web() + "/api/v1/auth/me", "(dev-1)", Duration.ofMinutes(4))).as(loop.out()).isTrue();
        KubernetesClusterTest.figure("dev kubernetes: api one-line change, save to served", lastFromSave("api restarted"));
        assertThat(podUid("api")).as("the same pod, restarted in place").isEqualTo(pod);
    }

    @Test
    @Order(2)
    @DisplayName("a saved web asset is copied into the web pod and served without a restart")
    void webAsset() throws Exception {
        String pod = podUid("web");
        int restarts = loop.out().split("web restarted", -1).length;
        loop.edit(CSS, "/* Todo Chatbot:", "/* dev-2 */ /* Todo Chatbot:");
        assertThat(DevLoopRun.awaitBody(web() + "/app.css", "dev-2", Duration.ofMinutes(2))).as(loop.out()).isTrue();
        KubernetesClusterTest.figure("dev kubernetes: web asset, save to served", lastFromSave("copied into the running web"));
        assertThat(podUid("web")).isEqualTo(pod);
        assertThat(loop.out().split("web restarted", -1).length).as("no JVM restart for an asset").isEqualTo(restarts);
    }

    @Test
    @Order(3)
    @DisplayName("a pod that replaces one mid-session is brought up to date with the session's changes")
    void replacedPodCatchesUp() throws Exception {
        String old = podUid("api");
        long t0 = System.nanoTime();
        client.pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/component", "api").delete();
        loop.awaitOutput("up to date with this session's changes", Duration.ofMinutes(4));
        // the old pod answers web's kept-open connections until it is gone: only then does the body prove the new one
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (client.pods().inNamespace(NAMESPACE).list().getItems().stream().anyMatch(p -> p.getMetadata().getUid().equals(old))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(DevLoopRun.awaitBody(web() + "/api/v1/auth/me", "(dev-1)", Duration.ofMinutes(2))).as(loop.out()).isTrue();
        KubernetesClusterTest.figure("dev kubernetes: api pod deleted, new pod serving the session's change",
                String.format("%.1fs", (System.nanoTime() - t0) / 1e9));
        assertThat(podUid("api")).isNotEqualTo(old);
    }

    @Test
    @Order(4)
    @DisplayName("a change that does not compile leaves the pods alone")
    void compileError() throws Exception {
        String pod = podUid("api");
        loop.edit(AUTH, "\"missing bearer token (dev-1)\"", "\"missing bearer token\" + undefinedThing");
        loop.awaitOutput("compile failed", Duration.ofMinutes(2));
        assertThat(DevLoopRun.body(web() + "/api/v1/auth/me")).contains("(dev-1)");
        assertThat(podUid("api")).isEqualTo(pod);
    }

    @Test
    @Order(5)
    @DisplayName("stopping the loop uninstalls the release")
    void stopUninstalls() throws Exception {
        loop.stop(Duration.ofMinutes(3));
        assertThat(loop.alive()).isFalse();
        assertThat(loop.exitCode()).as(loop.out()).isZero();
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    }

    /** The uid of the component's one pod that is not being deleted. */
    private String podUid(String component) {
        var pods = client.pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/component", component).list().getItems()
                .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        assertThat(pods).as(component + " pods").hasSize(1);
        return pods.getFirst().getMetadata().getUid();
    }

    /** The loop's own "N s from save" for its last reload of that kind (its line comes once old pods are gone). */
    private String lastFromSave(String kind) throws InterruptedException {
        loop.awaitOutput(kind, Duration.ofMinutes(2));
        Matcher m = Pattern.compile(Pattern.quote(kind) + ".* — ([0-9.]+s) from save").matcher(loop.out());
        String last = "not reported";
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }
}
