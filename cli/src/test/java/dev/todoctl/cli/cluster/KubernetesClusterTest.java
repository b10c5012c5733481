package dev.todoctl.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.TodoApi;
import dev.todoctl.cli.targets.kubernetes.ServiceTunnel;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
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
import java.util.Optional;

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
    /** {@code TODOCTL_IT_NAMESPACE} lets engineers run the group side by side on one cluster; CI uses the default. */
    static final String NAMESPACE = System.getenv().getOrDefault("TODOCTL_IT_NAMESPACE", "todoctl-it");
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
        // the launcher's AOT cache (install.sh trained it there) and the daemon's socket: never the user's own
        env.put("XDG_CACHE_HOME", Optional.ofNullable(System.getenv("XDG_CACHE_HOME")).orElse(work.resolve("cache").toString()));
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
            todoctl.run(LONG, "daemon", "stop");
        }
        if (client != null) {
            client.namespaces().withName(NAMESPACE).delete();
            client.close();
        }
        dev.todoctl.cli.TempTrees.delete(work);
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
    @Order(0)
    @DisplayName("bad input before anything is deployed: a context that does not exist, an API server that refuses, "
            + "one that never answers — each a clear message and exit 30 or 2 within 10 s, nothing installed")
    void badInput() throws Exception {
        Installed.Run noContext = todoctl.run(Duration.ofSeconds(30), "up", "--target", "kubernetes", "--set",
                "kubernetes.context=no-such-context");
        figure("up with a context that does not exist", noContext.took().toMillis() + " ms, exit " + noContext.exitCode());
        assertThat(noContext.exitCode()).as(noContext.toString()).isIn(2, 30);
        assertThat(noContext.err()).contains("no-such-context");
        assertThat(noContext.took()).isLessThan(Duration.ofSeconds(10));

        String kubeconfigText = Files.readString(kubeconfig);
        int closed = dev.todoctl.cli.platform.Ports.anyFree();
        Path refusing = work.resolve("refusing.kubeconfig");
        Files.writeString(refusing, kubeconfigText.replaceAll("https://127\\.0\\.0\\.1:\\d+", "https://127.0.0.1:" + closed));
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Path mute = work.resolve("mute.kubeconfig");
            Files.writeString(mute, kubeconfigText.replaceAll("https://127\\.0\\.0\\.1:\\d+",
                    "https://127.0.0.1:" + silent.getLocalPort()));
            for (Path config : List.of(refusing, mute)) {
                Map<String, String> env = new HashMap<>(todoctl.env());
                env.put("KUBECONFIG", config.toString());
                Installed.Run run = new Installed(todoctl.launcher(), work, env).run(Duration.ofSeconds(30),
                        "up", "--target", "kubernetes");
                figure("up against " + config.getFileName(), run.took().toMillis() + " ms, exit " + run.exitCode());
                assertThat(run.exitCode()).as(run.toString()).isEqualTo(30);
                assertThat(run.err()).contains("not reachable").contains("fix:");
                assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
            }
        }
        assertThat(client.namespaces().withName(NAMESPACE).get()).as("nothing installed").isNull();
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
        String webUrl = up.path("urls").path("web").asText();
        assertThat(webUrl).as("the NodePort on loopback, as the node is this machine").startsWith("http://127.0.0.1:");
        assertThat(new TodoApi(webUrl).call("GET", "/health", null, null).status()).as(webUrl).isEqualTo(200);
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
        figure("loadtest 5 users 15 s", doc.path("requests").asInt() + " requests, " + doc.path("errors").asInt()
                + " errors, p95 " + doc.path("p95_ms").asText() + " ms, " + doc.path("rps").asText() + " req/s");
        assertThat(doc.path("target").asText()).isEqualTo("kubernetes");
        assertThat(doc.path("requests").asInt()).isPositive();
        assertThat(doc.path("errors").asInt()).isZero();
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
    @DisplayName("logs shows what the api pod wrote; logs --follow keeps printing new lines until stopped")
    void logs() throws Exception {
        assertThat(ok("logs", "api", "--target", "kubernetes").out()).contains("\"level\"");

        Path followed = work.resolve("follow.log");
        ProcessBuilder pb = new ProcessBuilder(todoctl.launcher().toString(), "logs", "api", "--follow", "--target",
                "kubernetes").directory(work.toFile()).redirectErrorStream(true).redirectOutput(followed.toFile());
        pb.environment().clear();
        pb.environment().putAll(todoctl.env());
        Process follow = pb.start();
        try {
            Thread.sleep(3000);
            long before = Files.size(followed);
            try (ServiceTunnel web = web()) {
                // a request the api logs after --follow started: the line must arrive while it runs
                new TodoApi(web.url()).call("GET", "/api/v1/follow-marker", null, null);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.readString(followed).contains("follow-marker") && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertThat(Files.readString(followed)).as("new lines while following (had %d bytes before)", before)
                    .contains("follow-marker");
            assertThat(follow.isAlive()).as("still following").isTrue();

            // the api pod replaced (as validate's restart scenario does): `logs` while the old one shuts down exits 0,
            // and the follower picks up the new pod — its start-up line is the second one in the followed log
            Pod old = pods("api").getFirst();
            long replaced = System.nanoTime();
            client.pods().inNamespace(NAMESPACE).withName(old.getMetadata().getName()).delete();
            for (int i = 0; i < 5; i++) {
                ok("logs", "api", "--target", "kubernetes");
            }
            deadline = replaced + Duration.ofSeconds(120).toNanos();
            while (started(followed) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            figure("logs --follow: the replacement api pod's start-up line, after the old pod's deletion",
                    Duration.ofNanos(System.nanoTime() - replaced).toMillis() + " ms");
            assertThat(started(followed)).as("the new pod's start-up followed too").isEqualTo(2);
            assertThat(follow.isAlive()).as("still following").isTrue();
            deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!(pods("api").size() == 1 && Readiness.isPodReady(pods("api").getFirst()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(pods("api")).as("one ready api pod again").hasSize(1).allMatch(Readiness::isPodReady);
        } finally {
            follow.destroy();
            assertThat(follow.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    /** How many times the api's start-up line ("Picked up JAVA_TOOL_OPTIONS", the JVM's first) is in the log. */
    static long started(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("Picked up JAVA_TOOL_OPTIONS")).count();
    }

    /** Logs in through a fresh tunnel and counts the tasks: the release still serves. */
    int tasksServed() throws Exception {
        try (ServiceTunnel web = web()) {
            TodoApi api = new TodoApi(web.url());
            String token = api.login("cluster@example.com", "correct-horse", false);
            assertThat(token).as("login through the web after the drill").isNotNull();
            return api.tasks(token).path("total").asInt();
        }
    }

    JsonNode history() throws Exception {
        return JSON.readTree(ok("history", "-o", "json").out());
    }

    static int revisionOf(JsonNode status) {
        return status.path("release").path("revision").asInt();
    }

    @Test
    @Order(8)
    @DisplayName("drill: an image tag that does not exist — ImagePullBackOff named, exit 30, rolled back automatically, "
            + "the previous revision still serving")
    void imageThatDoesNotExist() throws Exception {
        int before = tasksServed();
        Installed.Run run = todoctl.run(LONG, "deploy", "--tag", "does-not-exist");
        figure("bad image tag detected and rolled back", run.took().toMillis() + " ms");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(30);
        assertThat(run.err()).containsAnyOf("ImagePullBackOff", "ErrImagePull").contains("rolled back");
        assertThat(tasksServed()).isEqualTo(before);
        JsonNode status = JSON.readTree(ok("status", "--target", "kubernetes", "-o", "json").out());
        assertThat(status.path("healthy").asBoolean()).as(status.toString()).isTrue();
    }

    @Test
    @Order(9)
    @DisplayName("drill: a failing readiness probe (the api container's database URL wrong: it serves /health, "
            + "/health/ready answers 503) — the deadline names the probe, exit 30, rolled back")
    void failingReadinessProbe() throws Exception {
        Installed.Run run = todoctl.run(LONG, "deploy", "--set", "timeouts.ready=40s",
                "--helm-set", "api.extraEnv[0].name=DATABASE_URL",
                "--helm-set", "api.extraEnv[0].value=jdbc:postgresql://127.0.0.1:1/todo");
        figure("failing readiness probe rolled back", run.took().toMillis() + " ms");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(30);
        assertThat(run.err()).contains("not ready before the deadline").contains("Readiness probe failed")
                .contains("rolled back");
        assertThat(tasksServed()).isPositive();
    }

    @Test
    @Order(10)
    @DisplayName("rollback N and rollback: history lists the revisions; each rollback is a new, verified revision")
    void rollbacks() throws Exception {
        JsonNode history = history();
        assertThat(history).as("history -o json").hasSizeGreaterThanOrEqualTo(4);
        int first = history.get(0).path("revision").asInt();
        Installed.Run toFirst = ok("rollback", String.valueOf(first));
        figure("rollback N", toFirst.took().toMillis() + " ms");
        assertThat(tasksServed()).isPositive();
        Installed.Run back = ok("rollback");
        figure("rollback", back.took().toMillis() + " ms");
        JsonNode after = history();
        assertThat(after.size()).isEqualTo(history.size() + 2);
        assertThat(after.get(after.size() - 1).path("status").asText()).isEqualTo("deployed");
        assertThat(tasksServed()).isPositive();
    }

    @Test
    @Order(11)
    @DisplayName("diagnose names ImagePullBackOff, CrashLoopBackOff and an unschedulable pod from the cluster's own "
            + "states; the crash loop's fix, pasted, brings the release back")
    void diagnose() throws Exception {
        record Drill(String rule, String why, List<String> helmSets) {
        }
        List<Drill> drills = List.of(
                new Drill("kube/image-pull", "ImagePullBackOff", List.of("--tag", "does-not-exist")),
                new Drill("kube/pending", "Insufficient cpu", List.of("--helm-set", "api.resources.requests.cpu=64",
                        "--helm-set", "api.resources.limits.cpu=64")),
                new Drill("kube/crash-loop", "CrashLoopBackOff", List.of("--helm-set", "api.extraEnv[0].name=JWT_TTL",
                        "--helm-set", "api.extraEnv[0].value=bogus")));
        for (Drill drill : drills) {
            List<String> args = new java.util.ArrayList<>(List.of("deploy", "--no-atomic",
                    "--no-verify", "--set", "timeouts.ready=45s"));
            args.addAll(drill.helmSets());
            Installed.Run broken = todoctl.run(LONG, args.toArray(String[]::new));
            assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(30);
            Installed.Run diagnose = todoctl.run(LONG, "diagnose", "--target", "kubernetes", "-o", "json");
            assertThat(diagnose.exitCode()).as(diagnose.toString()).isEqualTo(30);
            JsonNode finding = null;
            for (JsonNode f : JSON.readTree(diagnose.out()).path("findings")) {
                if (f.path("rule").asText().equals(drill.rule()) && f.path("component").asText().equals("api")) {
                    finding = f;
                }
            }
            assertThat(finding).as(drill.rule() + " in " + diagnose.out()).isNotNull();
            assertThat(finding.toString()).contains(drill.why());
            figure("diagnose " + drill.rule(), finding.path("summary").asText());
            String rollback = null;
            for (JsonNode fix : finding.path("fixes")) {
                if (fix.asText().startsWith("todoctl rollback")) {
                    rollback = fix.asText().replaceAll("\\s+#.*$", "");
                }
            }
            if (drill.rule().equals("kube/crash-loop")) {
                assertThat(rollback).as("the crash loop's fix names the last good revision").isNotNull();
            }
            // the fix as printed (its own --target/--context flags), else the plain rollback
            Installed.Run fixed = rollback != null
                    ? WorkflowCommands.runInBash(todoctl, rollback, Map.of(), LONG)
                    : todoctl.run(LONG, "rollback");
            assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
            assertThat(tasksServed()).isPositive();
        }
    }

    @Test
    @Order(12)
    @DisplayName("resilience: the api, web and PostgreSQL pods killed (each) while a client writes — no acknowledged "
            + "write lost; time to serving again reported")
    void podKillsLoseNoAcknowledgedWrite() throws Exception {
        for (String component : List.of("api", "web", "database")) {
            try (ServiceTunnel web = web()) {
                TodoApi api = new TodoApi(web.url());
                String token = api.login("writer-" + component + "@example.com", "correct-horse", true);
                assertThat(token).isNotNull();
                Writer writer = new Writer(api, token);
                Thread thread = Thread.ofVirtual().start(writer);
                writer.awaitAcknowledged(5, Duration.ofSeconds(60));
                List<Pod> victims = pods(component);
                assertThat(victims).as(component + " pods").isNotEmpty();
                long killed = System.nanoTime();
                for (Pod pod : victims) {
                    client.pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName())
                            .withGracePeriod(0).delete();
                }
                writer.awaitRecovery(killed, Duration.ofMinutes(4));
                writer.awaitAcknowledged(writer.acknowledged().size() + 10, Duration.ofSeconds(90));
                writer.stop();
                thread.join(Duration.ofSeconds(20));
                Duration outage = writer.outageAfter(killed);
                figure("kill " + component + " pod: writes failing for", outage.toMillis() + " ms ("
                        + writer.acknowledged().size() + " acknowledged, " + writer.failures() + " failed attempts)");
                JsonNode all = api.call("GET", "/api/v1/tasks?limit=100", token, null).body();
                List<String> stored = all.path("items").findValuesAsText("title");
                assertThat(stored).as("every acknowledged write is stored after the %s pod was replaced", component)
                        .containsAll(writer.acknowledged());
            }
        }
    }

    /** Creates tasks one after the other; remembers which the api acknowledged (201) and when writes failed. */
    static final class Writer implements Runnable {
        private final TodoApi api;
        private final String token;
        private final List<String> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean running = true;
        private volatile long lastSuccess;
        /** Each attempt's end time (nanoTime) and whether the api acknowledged it. */
        private final List<long[]> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();

        Writer(TodoApi api, String token) {
            this.api = api;
            this.token = token;
        }

        @Override
        public void run() {
            int n = 0;
            while (running && n < 90) {
                String title = "write " + n;
                try {
                    if (api.createTask(token, title) == 201) {
                        acknowledged.add(title);
                        lastSuccess = System.nanoTime();
                        attempts.add(new long[]{lastSuccess, 1});
                        n++;
                    } else {
                        failures.incrementAndGet();
                        attempts.add(new long[]{System.nanoTime(), 0});
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    attempts.add(new long[]{System.nanoTime(), 0});
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        List<String> acknowledged() {
            return acknowledged;
        }

        int failures() {
            return failures.get();
        }

        void stop() {
            running = false;
        }

        void awaitAcknowledged(int count, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (acknowledged.size() < count) {
                assertThat(System.nanoTime()).as("%d acknowledged writes within %s", count, limit).isLessThan(deadline);
                Thread.sleep(100);
            }
        }

        /**
         * From the kill to the first acknowledged write after the last failed one (zero when none failed): how long
         * writes did not go through. Attempts are 200 ms apart.
         */
        Duration outageAfter(long killed) {
            long lastFailure = attempts.stream().filter(a -> a[1] == 0 && a[0] > killed).mapToLong(a -> a[0]).max().orElse(0);
            if (lastFailure == 0) {
                return Duration.ZERO;
            }
            long recovered = attempts.stream().filter(a -> a[1] == 1 && a[0] > lastFailure).mapToLong(a -> a[0]).min()
                    .orElseThrow();
            return Duration.ofNanos(recovered - killed);
        }

        /** Waits for the first write acknowledged after the kill (writes are 200 ms apart). */
        Duration awaitRecovery(long killed, Duration limit) throws InterruptedException {
            long deadline = killed + limit.toNanos();
            while (lastSuccess <= killed) {
                assertThat(System.nanoTime()).as("writes succeed again within %s", limit).isLessThan(deadline);
                Thread.sleep(100);
            }
            return Duration.ofNanos(lastSuccess - killed);
        }
    }

    @Test
    @Order(13)
    @DisplayName("port-forward web: the running command serves the UI on the printed local port until stopped")
    void portForward() throws Exception {
        int port = dev.todoctl.cli.platform.Ports.anyFree();
        List<String> command = List.of(todoctl.launcher().toString(), "port-forward", "web", "--port",
                String.valueOf(port), "--target", "kubernetes");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("port-forward.log").toFile());
        pb.environment().clear();
        pb.environment().putAll(todoctl.env());
        Process process = pb.start();
        try {
            TodoApi api = new TodoApi("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && status != 200) {
                try {
                    status = api.call("GET", "/health", null, null).status();
                } catch (IOException e) {
                    Thread.sleep(250);
                }
            }
            assertThat(status).as(Files.readString(work.resolve("port-forward.log"))).isEqualTo(200);
        } finally {
            process.destroy();
            assertThat(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    @Test
    @Order(14)
    @DisplayName("status and history through the daemon: the answers of a JVM of their own, from a warm one")
    void readOnlyCommandsThroughTheDaemon() throws Exception {
        Map<String, String> off = new HashMap<>(todoctl.env());
        off.put("TODOCTL_DAEMON", "off");
        Installed cold = new Installed(todoctl.launcher(), work, off);
        ok("daemon", "stop");
        ok("status", "--target", "kubernetes"); // starts the daemon, runs in a JVM of its own meanwhile
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ok("daemon", "status").out().contains("REQUESTS") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        ok("history", "--target", "kubernetes"); // the daemon's first: classes loaded, clients warmed
        Installed.Run history = ok("history", "--target", "kubernetes", "-o", "json");
        assertThat(history.out()).isEqualTo(cold.run(LONG, "history", "--target", "kubernetes", "-o", "json").out());
        Installed.Run status = ok("status", "--target", "kubernetes", "-o", "json");
        Installed.Run coldStatus = cold.run(LONG, "status", "--target", "kubernetes", "-o", "json");
        JsonNode warm = JSON.readTree(status.out());
        JsonNode own = JSON.readTree(coldStatus.out());
        assertThat(warm.path("release")).isEqualTo(own.path("release"));
        assertThat(warm.path("healthy")).isEqualTo(own.path("healthy"));
        assertThat(warm.path("components").size()).isEqualTo(own.path("components").size());
        Installed.Run usage = todoctl.run(LONG, "status", "--target", "kubernetes", "--no-such-flag");
        Installed.Run coldUsage = cold.run(LONG, "status", "--target", "kubernetes", "--no-such-flag");
        assertThat(List.of(usage.exitCode(), usage.out(), usage.err()))
                .isEqualTo(List.of(coldUsage.exitCode(), coldUsage.out(), coldUsage.err()));
        JsonNode daemons = JSON.readTree(ok("daemon", "status", "-o", "json").out()).path("daemons");
        assertThat(daemons.size()).as("one daemon: " + daemons).isEqualTo(1);
        assertThat(daemons.get(0).path("requests").asText()).as("it served the four: " + daemons).isEqualTo("4");
        figure("status -o json through the daemon (ms)", status.took().toMillis());
        figure("status -o json in a JVM of its own (ms)", coldStatus.took().toMillis());
        figure("history -o json through the daemon (ms)", history.took().toMillis());
    }

    @Test
    @Order(15)
    @DisplayName("up with no registry: the images are imported into the node's own containerd (not Docker's) and the "
            + "pods run them — names that exist in no registry the node could pull from")
    void nodeLocalImport() throws Exception {
        Installed.Run run = ok("up", "--target", "kubernetes", "--set", "build.push=false", "--set", "build.registry=",
                "-o", "json");
        figure("up with a node-local containerd import", run.took().toMillis() + " ms");
        assertThat(run.err() + run.out()).contains("into the node's containerd");
        for (String component : List.of("api", "web")) {
            List<Pod> current = pods(component).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .toList();
            assertThat(current).as(component + " pods").isNotEmpty().allSatisfy(pod -> {
                assertThat(pod.getSpec().getContainers().getFirst().getImage()).as("no registry in the name")
                        .startsWith("todo-chatbot-" + component + ":");
                assertThat(pod.getStatus().getConditions()).as(pod.getMetadata().getName() + " ready")
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            });
        }
        assertThat(tasksServed()).isPositive();
    }

    @Test
    @Order(16)
    @DisplayName("secrets rotate jwt under load: two rolling phases of the api, 0 failed requests from users who "
            + "logged in before it; their sessions still valid after")
    void rotateJwtUnderLoad() throws Exception {
        String before;
        try (ServiceTunnel web = web()) {
            before = new TodoApi(web.url()).login("cluster@example.com", "correct-horse", false);
        }
        java.util.concurrent.CompletableFuture<Installed.Run> load = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                todoctl.run(LONG, "loadtest", "--target", "kubernetes", "--users", "5", "--ramp", "2s", "--duration", "100s",
                        "-o", "json", "--results-dir", work.resolve("loadtest-rotation").toString()));
        Thread.sleep(10_000);
        Installed.Run rotate = ok("secrets", "rotate", "jwt", "--target", "kubernetes", "-o", "json");
        figure("secrets rotate jwt (two rolling phases)", rotate.took().toMillis() + " ms");
        assertThat(JSON.readTree(rotate.out()).path("steps")).hasSize(2);
        Installed.Run run = load.get(10, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        figure("loadtest across the JWT rotation", doc.path("requests").asInt() + " requests, " + doc.path("errors").asInt()
                + " errors, p95 " + doc.path("p95_ms").asText() + " ms");
        assertThat(doc.path("requests").asInt()).isPositive();
        assertThat(doc.path("errors").asInt()).as("no request failed during the rotation").isZero();
        try (ServiceTunnel web = web()) {
            TodoApi api = new TodoApi(web.url());
            assertThat(api.call("GET", "/api/v1/tasks", before, null).status()).as("a session from before").isEqualTo(200);
        }
        io.fabric8.kubernetes.api.model.Secret secret = client.secrets().inNamespace(NAMESPACE)
                .withName(RELEASE + "-todo-chatbot-secrets").get();
        assertThat(secret.getData()).containsKeys("JWT_SECRET", "JWT_ACCEPTED_SECRETS");
        String printed = rotate.out() + rotate.err();
        secret.getData().forEach((key, value) -> {
            if (!key.equals("DATABASE_USER")) { // a role name ("todo"), not a secret: it is in every object's name
                assertThat(printed).doesNotContain(new String(java.util.Base64.getDecoder().decode(value),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        });
    }

    @Test
    @Order(17)
    @DisplayName("db backup and restore through the Kubernetes exec API: refused while the api runs; with --stop-api "
            + "the api is scaled to 0 and back, and what was written after the backup is gone")
    void backupAndRestore() throws Exception {
        int tasks = tasksServed();
        Path file = work.resolve("cluster-backup.tar.gz");
        Installed.Run backup = ok("db", "backup", "--target", "kubernetes", "-f", file.toString(), "-o", "json");
        figure("db backup", backup.took().toMillis() + " ms");
        JsonNode manifest = JSON.readTree(backup.out());
        assertThat(manifest.path("engine").asText()).isEqualTo("postgresql");
        assertThat(manifest.path("tables").path("tasks").asLong()).as("every user's tasks, this one's among them")
                .isGreaterThanOrEqualTo(tasks).isPositive();
        try (ServiceTunnel web = web()) {
            TodoApi api = new TodoApi(web.url());
            String later = api.login("after-backup@example.com", "correct-horse", true);
            assertThat(api.createTask(later, "written after the backup")).isEqualTo(201);
        }

        Installed.Run refused = todoctl.run(LONG, "db", "restore", "--target", "kubernetes", file.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("--stop-api");

        Installed.Run restore = ok("db", "restore", "--stop-api", "--target", "kubernetes", file.toString(), "-o", "json");
        figure("db restore --stop-api (api scaled to 0 and back)", restore.took().toMillis() + " ms");
        assertThat(JSON.readTree(restore.out()).path("api_stopped").asBoolean()).isTrue();
        assertThat(tasksServed()).isEqualTo(tasks);
        try (ServiceTunnel web = web()) {
            assertThat(new TodoApi(web.url()).login("after-backup@example.com", "correct-horse", false))
                    .as("the user made after the backup is gone").isNull();
        }
    }

    @Test
    @Order(19)
    @DisplayName("loadtest --generators 2: two pods of one Job load the api Service of 2 replicas; the merged counts are the "
            + "sum of the generators', each api pod served a share, and the Job is gone afterwards")
    void generatorsInTheCluster() throws Exception {
        ok("deploy", "--target", "kubernetes", "--helm-set", "api.replicas=2");
        Installed.Run run = ok("loadtest", "--target", "kubernetes", "--generators", "2", "--users", "20", "--scenario", "crud",
                "--ramp", "2s", "--duration", "15s", "-o", "json");
        JsonNode doc = JSON.readTree(run.out());
        JsonNode generators = doc.path("generators");
        assertThat(generators).as(run.toString()).hasSize(2);
        long sum = 0;
        for (JsonNode g : generators) {
            assertThat(g.path("status").asText()).as(g.toString()).isEqualTo("succeeded");
            assertThat(g.path("pod").asText()).isNotBlank();
            assertThat(g.path("users").asInt()).isEqualTo(10);
            sum += g.path("requests").asLong();
        }
        assertThat(doc.path("requests").asLong()).as("merged = sum of the parts").isEqualTo(sum).isPositive();
        assertThat(doc.path("base_url").asText()).as("the Service, no port-forward").doesNotContain("127.0.0.1");
        JsonNode pods = doc.path("api_pods").path("pods");
        assertThat(pods).as("per-pod counts of 2 api replicas").hasSize(2);
        long served = 0;
        for (JsonNode p : pods) {
            served += p.path("requests").asLong();
        }
        assertThat(served).as("the api pods served the journeys and the set-up").isGreaterThanOrEqualTo(sum);
        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).as("Job deleted").isEmpty();
        assertThat(client.pods().inNamespace(NAMESPACE).withLabel("todoctl.dev/load-generator").list().getItems()).as("no generator pod left").isEmpty();
        figure("loadtest --generators 2 (20 users, 15 s)", run.took().toMillis() + " ms, " + doc.path("requests").asLong()
                + " requests (" + generators.get(0).path("requests").asLong() + " + " + generators.get(1).path("requests").asLong() + ")");
        figure("api pod shares with generators", pods.get(0).path("share_percent").asText() + " % / "
                + pods.get(1).path("share_percent").asText() + " % (cv " + doc.path("api_pods").path("cv").asText() + ", "
                + doc.path("api_pods").path("spread").asText() + ")");
        Installed.Run local = ok("loadtest", "--target", "kubernetes", "--users", "4", "--scenario", "crud", "--ramp", "2s",
                "--duration", "10s", "-o", "json");
        JsonNode spread = JSON.readTree(local.out()).path("api_pods");
        figure("api pod shares through this machine's tunnel", spread.path("pods").get(0).path("share_percent").asText() + " % / "
                + spread.path("pods").get(1).path("share_percent").asText() + " % (" + spread.path("spread").asText() + ")");
        assertThat(spread.path("pods")).hasSize(2);
    }

    @Test
    @Order(18)
    @DisplayName("secrets rotate database under load: the api moves to the standby login role in one rolling restart, "
            + "0 failed requests, data kept, the old password refused by PostgreSQL; `up` keeps the rotated role; a "
            + "second rotation goes back to the first role, also with 0 failed requests")
    void rotateDatabaseUnderLoad() throws Exception {
        int tasks = tasksServed();
        String owner = secretValue("DATABASE_USER");
        assertThat(owner).as("the chart's Secret names the login role").isEqualTo("todo");
        String ownerPassword = secretValue("DATABASE_PASSWORD");
        assertThat(psqlAs(owner, ownerPassword)).as("the owner logs in before the rotation").isZero();

        rotateDatabaseUnder("secrets rotate database (todo -> todo_b, one rolling restart)");
        assertThat(secretValue("DATABASE_USER")).isEqualTo("todo_b");
        String standbyPassword = secretValue("DATABASE_PASSWORD");
        assertThat(psqlAs("todo_b", standbyPassword)).as("the standby logs in with the Secret's password").isZero();
        assertThat(psqlAs(owner, ownerPassword)).as("the old password is refused by PostgreSQL").isNotZero();
        assertThat(tasksServed()).as("the data is still there").isEqualTo(tasks);

        Installed.Run up = ok("up", "--target", "kubernetes", "--set", "app.chat-model=rotation-test", "-o", "json");
        figure("up (helm upgrade) after a database rotation", up.took().toMillis() + " ms");
        assertThat(JSON.readTree(up.out()).path("redeployed").asBoolean()).as("a real helm upgrade (lookup)").isTrue();
        assertThat(secretValue("DATABASE_USER")).as("helm upgrade keeps the rotated role").isEqualTo("todo_b");
        assertThat(secretValue("DATABASE_PASSWORD")).as("and its password").isEqualTo(standbyPassword);
        assertThat(tasksServed()).isEqualTo(tasks);

        rotateDatabaseUnder("secrets rotate database (todo_b -> todo, one rolling restart)");
        assertThat(secretValue("DATABASE_USER")).isEqualTo(owner);
        assertThat(psqlAs(owner, secretValue("DATABASE_PASSWORD"))).isZero();
        assertThat(psqlAs("todo_b", standbyPassword)).as("the standby's old password is refused").isNotZero();
        assertThat(psqlAs(owner, ownerPassword)).as("the first password stays refused").isNotZero();

        Installed.Run again = ok("up", "--target", "kubernetes", "-o", "json");
        assertThat(JSON.readTree(again.out()).path("components")).allSatisfy(c -> assertThat(c.path("ready").asInt())
                .as(c.toString()).isEqualTo(c.path("desired").asInt()).isPositive());
        assertThat(secretValue("DATABASE_USER")).isEqualTo(owner);
        assertThat(tasksServed()).as("healthy after `up`, same data").isEqualTo(tasks);
    }

    /** One database rotation across a 100 s loadtest started 10 s before it: 0 errors, no secret printed. */
    void rotateDatabaseUnder(String figure) throws Exception {
        java.util.concurrent.CompletableFuture<Installed.Run> load = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                todoctl.run(LONG, "loadtest", "--target", "kubernetes", "--users", "5", "--ramp", "2s", "--duration", "100s",
                        "-o", "json", "--results-dir", work.resolve("loadtest-db-" + System.nanoTime()).toString()));
        Thread.sleep(10_000);
        Installed.Run rotate = ok("secrets", "rotate", "database", "--target", "kubernetes", "-o", "json");
        figure(figure, String.format("%.1f s", rotate.took().toMillis() / 1000.0));
        JsonNode doc = JSON.readTree(rotate.out());
        assertThat(doc.path("secret").asText()).isEqualTo("database");
        assertThat(doc.path("steps")).hasSize(3);
        Installed.Run run = load.get(10, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode result = JSON.readTree(run.out());
        figure("loadtest across the " + figure, result.path("requests").asInt() + " requests, "
                + result.path("errors").asInt() + " errors, p95 " + result.path("p95_ms").asText() + " ms");
        assertThat(result.path("requests").asInt()).isPositive();
        assertThat(result.path("errors").asInt()).as("no request failed during the database rotation").isZero();
        String printed = rotate.out() + rotate.err();
        assertThat(printed).doesNotContain(secretValue("DATABASE_PASSWORD"));
    }

    String secretValue(String key) {
        io.fabric8.kubernetes.api.model.Secret secret = client.secrets().inNamespace(NAMESPACE)
                .withName(RELEASE + "-todo-chatbot-secrets").get();
        String b64 = secret.getData().get(key);
        return b64 == null ? null : new String(java.util.Base64.getDecoder().decode(b64), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** psql over TCP (scram-sha-256, as the api logs in) inside the database pod; its exit code. */
    int psqlAs(String user, String password) throws Exception {
        Pod db = pods("database").getFirst();
        try (io.fabric8.kubernetes.client.dsl.ExecWatch watch = client.pods().inNamespace(NAMESPACE)
                .withName(db.getMetadata().getName()).inContainer("postgresql")
                .writingOutput(java.io.OutputStream.nullOutputStream()).writingError(java.io.OutputStream.nullOutputStream())
                .exec("sh", "-c", "PGPASSWORD=\"$1\" psql -X -h 127.0.0.1 -p \"$PGPORT\" -U \"$2\" -d todo -Atc 'SELECT 1'",
                        "psql", password, user)) {
            return watch.exitCode().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
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
        // the PVC is deleted at once but stays Terminating (pvc-protection) until the kubelet has removed the pod
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems().isEmpty()
                && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/instance", RELEASE).list()
                .getItems()).isEmpty();
        assertThat(client.secrets().inNamespace(NAMESPACE).withLabel("owner", "helm").list().getItems()).isEmpty();
    }
}
