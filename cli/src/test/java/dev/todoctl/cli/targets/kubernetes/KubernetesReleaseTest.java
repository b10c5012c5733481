package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.Artifact;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.config.ConfigLoader;
import dev.todoctl.cli.config.ConfigRequest;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.load.ImageLoader;
import dev.todoctl.cli.pipeline.Pipeline;
import dev.todoctl.cli.pipeline.PipelineListener;
import dev.todoctl.cli.pipeline.RunReport;
import dev.todoctl.cli.pipeline.Stages;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.rollout.ComponentStatus;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.targets.DownResult;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.OutputFormat;
import dev.todoctl.cli.verify.VerifyResult;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kubernetes target's release lifecycle over HTTP against fabric8's mock API server (CRUD mode) with the
 * real embedded Helm: install, upgrade, rollout wait, automatic rollback of a failed rollout, rollback to a
 * revision, history, uninstall. Each test works in a namespace of its own.
 */
@DisplayName("kubernetes target against the mock API server with the embedded Helm")
public class KubernetesReleaseTest {
    static MockCluster cluster;
    static final AtomicInteger NAMESPACES = new AtomicInteger();
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        cluster = new MockCluster();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** One namespace, a target configured for it, and the console output. */
    static final class Fixture {
        final String namespace = "ns" + NAMESPACES.incrementAndGet();
        final StringWriter out = new StringWriter();
        final KubernetesTarget target;
        final HelmService helm;

        Fixture(Map<String, String> helmSets, boolean atomic) throws Exception {
            this(helmSets, atomic, "mock", "/usr/bin:/bin");
        }

        Fixture(Map<String, String> helmSets, boolean atomic, String context, String path) throws Exception {
            Path kubeconfig = cluster.kubeconfig(dir, context);
            Path root = repoRoot();
            Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString(), "PATH", path),
                    root, dir, false);
            TodoctlConfig config = new ConfigLoader(env, null).load(new ConfigRequest(java.util.Optional.empty(),
                    java.util.Optional.of("dev"), Map.of("kubernetes.namespace", namespace, "release", "todo"), Map.of()));
            Console console = new Console(new PrintWriter(out, true), new PrintWriter(out, true), Console.Verbosity.NORMAL,
                    OutputFormat.table, false, false);
            KubernetesTarget.Tuning tuning = new KubernetesTarget.Tuning(new HelmService.Options(true),
                    Duration.ofMillis(150), atomic, helmSets, Map.of(), t -> rollout ->
                    new VerifyResult(Map.of(), List.of("smoke (stub)"), Duration.ZERO, List.of()));
            target = new KubernetesTarget(new TargetContext(config, env, console, Clock.systemUTC()), tuning);
            helm = target.helm();
        }

        Fixture() throws Exception {
            this(Map.of(), true);
        }

        DeployResult deploy(String tag) {
            return target.deployer().deploy(build(tag));
        }

        RolloutResult deployAndWait(String tag, Duration timeout) {
            DeployResult deploy = deploy(tag);
            return target.watcher().await(deploy, Instant.now().plus(timeout));
        }

        String deployedImage(String component) {
            return cluster.client.apps().deployments().inNamespace(namespace).withName("todo-todo-chatbot-" + component)
                    .get().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
        }
    }

    static BuildResult build(String tag) {
        return new BuildResult(List.of(new Artifact("api", "todo-chatbot-api:" + tag, "sha256:" + "a".repeat(64)),
                new Artifact("web", "todo-chatbot-web:" + tag, "sha256:" + "b".repeat(64))), false, Duration.ZERO, List.of());
    }

    public static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("charts/todo-chatbot/Chart.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found");
    }

    @Nested
    @DisplayName("install and upgrade")
    class InstallUpgrade {
        @Test
        @DisplayName("install creates revision 1 as Helm stores it, and the rollout wait sees api, web and database ready")
        void install() throws Exception {
            Fixture f = new Fixture();
            DeployResult deploy = f.deploy("1.0.0");
            assertThat(deploy.revision()).isEqualTo(1);
            assertThat(deploy.changed()).isTrue();

            RolloutResult rollout = f.target.watcher().await(deploy, Instant.now().plusSeconds(30));
            assertThat(rollout.components()).extracting(ComponentStatus::name).containsExactly("api", "database", "web");
            assertThat(rollout.components()).allMatch(ComponentStatus::healthy);
            assertThat(f.out.toString()).contains("helm upgrade --install todo").contains("Running, ready");

            Secret stored = cluster.client.secrets().inNamespace(f.namespace).withName("sh.helm.release.v1.todo.v1").get();
            assertThat(stored.getType()).isEqualTo("helm.sh/release.v1");
            assertThat(stored.getMetadata().getLabels()).containsEntry("owner", "helm").containsEntry("status", "deployed");
            ReleaseRecord record = ReleaseRecord.decode(stored.getData().get("release"));
            assertThat(record.revision()).isEqualTo(1);
            assertThat(record.status()).isEqualTo("deployed");
            assertThat(record.chartName()).isEqualTo("todo-chatbot");
            assertThat(record.appVersion()).isEqualTo("0.1.0");
            assertThat(record.images()).contains("todo-chatbot-api:1.0.0", "todo-chatbot-web:1.0.0");
            assertThat(record.config()).containsKey("api");
            assertThat(f.deployedImage("api")).isEqualTo("todo-chatbot-api:1.0.0");
        }

        @Test
        @DisplayName("the same build and values again change nothing; a new tag makes revision 2 and supersedes 1")
        void upgrade() throws Exception {
            Fixture f = new Fixture();
            f.deployAndWait("1.0.0", Duration.ofSeconds(30));
            DeployResult same = f.deploy("1.0.0");
            assertThat(same.changed()).isFalse();
            assertThat(same.revision()).isEqualTo(1);

            f.deployAndWait("1.1.0", Duration.ofSeconds(30));
            assertThat(f.helm.history()).extracting(ReleaseRecord::revision, ReleaseRecord::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "superseded"),
                            org.assertj.core.groups.Tuple.tuple(2, "deployed"));
            assertThat(f.deployedImage("web")).isEqualTo("todo-chatbot-web:1.1.0");
        }

        @Test
        @DisplayName("a release from before DATABASE_USER was in the Secret: the upgrade adds it (the owner) and keeps the "
                + "password; a rotated role and password then survive the next upgrade (lookup)")
        void databaseUserKeptAcrossUpgrades() throws Exception {
            Fixture f = new Fixture();
            f.deployAndWait("1.0.0", Duration.ofSeconds(30));
            var secrets = cluster.client.secrets().inNamespace(f.namespace).withName("todo-todo-chatbot-secrets");
            String password = secrets.get().getData().get("DATABASE_PASSWORD");
            secrets.edit(s -> {
                s.getData().remove("DATABASE_USER"); // as the chart made it before
                return s;
            });

            f.deployAndWait("1.1.0", Duration.ofSeconds(30));
            assertThat(secrets.get().getData()).containsEntry("DATABASE_USER", b64("todo"))
                    .containsEntry("DATABASE_PASSWORD", password);

            secrets.edit(s -> { // what `todoctl secrets rotate database` leaves
                s.getData().put("DATABASE_USER", b64("todo_b"));
                s.getData().put("DATABASE_PASSWORD", b64("rotated-password"));
                return s;
            });
            f.deployAndWait("1.2.0", Duration.ofSeconds(30));
            assertThat(secrets.get().getData()).containsEntry("DATABASE_USER", b64("todo_b"))
                    .containsEntry("DATABASE_PASSWORD", b64("rotated-password"));
        }

        private static String b64(String s) {
            return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Test
        @DisplayName("values the chart's schema rejects fail with exit 2 and nothing is installed")
        void schemaRejects() throws Exception {
            Fixture f = new Fixture(Map.of("api.replicas", "many"), true);
            assertThatThrownBy(() -> f.deploy("1.0.0")).isInstanceOfSatisfying(TodoctlException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(2);
                assertThat(e.getMessage()).contains("replicas");
            });
            assertThat(f.helm.history()).isEmpty();
            assertThat(cluster.client.apps().deployments().inNamespace(f.namespace).list().getItems()).isEmpty();
        }
    }

    @Nested
    @DisplayName("failed rollouts")
    class FailedRollouts {
        @Test
        @DisplayName("CrashLoopBackOff: exit 30 with the last log lines, revision marked failed, previous revision back")
        void crashRollsBack() throws Exception {
            Fixture f = new Fixture();
            f.deployAndWait("1.0.0", Duration.ofSeconds(30));
            assertThatThrownBy(() -> f.deployAndWait("crash", Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(TodoctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(30);
                        assertThat(e.getMessage()).contains("CrashLoopBackOff").contains("FATAL: password authentication failed")
                                .contains("rolled back: revision 2 failed, revision 1 is back (as revision 3)");
                    });
            List<ReleaseRecord> history = f.helm.history();
            assertThat(history).extracting(ReleaseRecord::status).containsExactly("superseded", "failed", "deployed");
            assertThat(history.get(2).description()).isEqualTo("Rollback to 1");
            assertThat(history.get(1).description()).startsWith("Rollout failed");
            assertThat(f.deployedImage("api")).isEqualTo("todo-chatbot-api:1.0.0");
        }

        @Test
        @DisplayName("ImagePullBackOff fails fast; a failed first install is uninstalled")
        void pullFailureOnFirstInstall() throws Exception {
            Fixture f = new Fixture();
            Instant start = Instant.now();
            assertThatThrownBy(() -> f.deployAndWait("pullfail", Duration.ofSeconds(60)))
                    .isInstanceOfSatisfying(TodoctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(30);
                        assertThat(e.getMessage()).contains("ImagePullBackOff").contains(":pullfail")
                                .contains("was uninstalled");
                    });
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
            assertThat(f.helm.history()).isEmpty();
        }

        @Test
        @DisplayName("a failing readiness probe: at the deadline the kubelet's event is the reason, then rolled back")
        void failingProbe() throws Exception {
            Fixture f = new Fixture();
            f.deployAndWait("1.0.0", Duration.ofSeconds(30));
            assertThatThrownBy(() -> f.deployAndWait("unready", Duration.ofSeconds(2)))
                    .isInstanceOfSatisfying(TodoctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(30);
                        assertThat(e.getMessage()).contains("probe failing: Readiness probe failed: HTTP probe failed with statuscode: 503")
                                .contains("rolled back");
                    });
            assertThat(f.deployedImage("web")).isEqualTo("todo-chatbot-web:1.0.0");
        }

        @Test
        @DisplayName("Pending: at the deadline the scheduler's message is the reason (no rollback with --no-atomic)")
        void pendingAtDeadline() throws Exception {
            Fixture f = new Fixture(Map.of(), false);
            f.deployAndWait("1.0.0", Duration.ofSeconds(30));
            assertThatThrownBy(() -> f.deployAndWait("pending", Duration.ofSeconds(2)))
                    .isInstanceOfSatisfying(TodoctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(30);
                        assertThat(e.getMessage()).contains("not ready before the deadline")
                                .contains("Unschedulable: 0/1 nodes are available: 1 Insufficient memory.")
                                .contains("left in place");
                    });
            // the replaced revision stays superseded: no revision is "deployed", so Helm's next three-way merge starts
            // from the failed revision's manifest and removes what only that revision added
            assertThat(f.helm.history()).extracting(ReleaseRecord::status).containsExactly("superseded", "failed");

            // Helm itself reads the record todoctl rewrote (status failed) when it makes the next revision: it diffs
            // from it and then supersedes it, as any replaced revision; its description keeps the failure
            f.deployAndWait("1.0.1", Duration.ofSeconds(30));
            assertThat(f.helm.history()).extracting(ReleaseRecord::status)
                    .containsExactly("superseded", "superseded", "deployed");
            assertThat(f.helm.history().get(1).description()).startsWith("Rollout failed");
        }
    }

    @Nested
    @DisplayName("rollback, history, status, down")
    class Operations {
        @Test
        @DisplayName("rollback to revision 1 makes a new revision from revision 1's chart and values")
        void rollbackToRevision() throws Exception {
            Fixture f = new Fixture();
            f.deployAndWait("1.0.0", Duration.ofSeconds(30));
            f.deployAndWait("2.0.0", Duration.ofSeconds(30));
            f.deployAndWait("3.0.0", Duration.ofSeconds(30));
            ReleaseRecord first = f.helm.history().getFirst();
            var release = f.helm.rollbackTo(first);
            assertThat(release.getRevision()).isEqualTo("4");
            List<ReleaseRecord> history = f.helm.history();
            assertThat(history.getLast().description()).isEqualTo("Rollback to 1");
            assertThat(history.getLast().images()).contains("todo-chatbot-api:1.0.0");
            assertThat(history.getLast().config()).isEqualTo(first.config());
            assertThat(f.deployedImage("api")).isEqualTo("todo-chatbot-api:1.0.0");
            assertThat(f.helm.lastGoodBefore(4)).get().extracting(ReleaseRecord::revision).isEqualTo(3);
        }

        @Test
        @DisplayName("status reports revision, components and the NodePort URL; down keeps data, --purge deletes PVCs")
        void statusAndDown() throws Exception {
            Fixture f = new Fixture();
            f.deployAndWait("1.0.0", Duration.ofSeconds(30));
            StatusReport status = f.target.status();
            assertThat(status.release().revision()).isEqualTo(1);
            assertThat(status.healthy()).isTrue();
            assertThat(status.urls()).containsEntry("web", "http://192.168.49.2:30000");
            StringWriter logs = new StringWriter();
            f.target.logs("api", false, new PrintWriter(logs));
            assertThat(logs.toString()).contains("listening on port 8080");

            long deadline = System.currentTimeMillis() + 5000;
            while (cluster.client.persistentVolumeClaims().inNamespace(f.namespace).list().getItems().isEmpty()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            DownResult down = f.target.down(false);
            assertThat(down.removed()).anyMatch(r -> r.startsWith("Helm release todo"));
            assertThat(down.kept()).anyMatch(k -> k.startsWith("PersistentVolumeClaim data-"));
            assertThat(f.helm.history()).isEmpty();
            assertThat(cluster.client.persistentVolumeClaims().inNamespace(f.namespace).list().getItems()).isNotEmpty();

            DownResult purge = f.target.down(true);
            assertThat(purge.removed()).anyMatch(r -> r.startsWith("PersistentVolumeClaim"));
            assertThat(cluster.client.persistentVolumeClaims().inNamespace(f.namespace).list().getItems()).isEmpty();
            assertThat(f.target.status().deployed()).isFalse();
        }
    }

    @Nested
    @DisplayName("web URL discovery")
    class Urls {
        @Test
        @DisplayName("minikube: `minikube -p <profile> ip` + the NodePort; Docker Desktop: localhost + the NodePort")
        void urls() throws Exception {
            Path bin = Files.createDirectories(dir.resolve("bin-minikube"));
            Path minikube = bin.resolve("minikube");
            Files.writeString(minikube, "#!/bin/sh\n[ \"$*\" = \"-p minikube ip\" ] && echo 192.168.58.2\n");
            minikube.toFile().setExecutable(true);
            Fixture f = new Fixture(Map.of(), true, "minikube", bin + ":/usr/bin:/bin");
            f.deployAndWait("1.0.0", Duration.ofSeconds(30));
            assertThat(f.target.status().urls()).containsEntry("web", "http://192.168.58.2:30000");

            Fixture desktop = new Fixture(Map.of(), true, "docker-desktop", "/usr/bin:/bin");
            desktop.deployAndWait("1.0.0", Duration.ofSeconds(30));
            assertThat(desktop.target.status().urls()).containsEntry("web", "http://localhost:30000");
        }
    }

    @Nested
    @DisplayName("the pipeline as `up` runs it")
    class Up {
        @Test
        @DisplayName("build → load → deploy → rollout → verify; a failed rollout stops it with exit 30 at the rollout stage")
        void pipeline() throws Exception {
            Fixture f = new Fixture();
            java.util.function.Function<String, RunReport> up = tag -> new Pipeline(new Stages(() -> build(tag),
                    ImageLoader.none("images on the node already (test)"), f.target.deployer(), f.target.watcher(),
                    f.target.verifier()), PipelineListener.NONE, Clock.systemUTC()).run(Duration.ofSeconds(30));
            RunReport ok = up.apply("1.0.0");
            assertThat(ok.failure()).isEmpty();
            assertThat(ok.results()).extracting(r -> r.stage()).containsExactly("build", "load", "deploy", "rollout", "verify");
            assertThat(ok.deploy()).get().extracting(DeployResult::revision).isEqualTo(1);

            RunReport failed = up.apply("crash");
            assertThat(failed.exitCode()).isEqualTo(30);
            assertThat(failed.results()).extracting(r -> r.stage()).containsExactly("build", "load", "deploy");
            assertThat(f.deployedImage("api")).isEqualTo("todo-chatbot-api:1.0.0");
        }
    }


    @Nested
    @DisplayName("logs")
    class Logs {
        /** A bare pod of release "todo" whose container is running, restarted {@code restarts} times. */
        void pod(Fixture f, String name, String component, int restarts, String log) {
            cluster.containerLog(name, log);
            cluster.client.pods().inNamespace(f.namespace).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                    .withNewMetadata().withName(name).addToLabels(KubeRolloutWatcher.INSTANCE_LABEL, "todo")
                    .addToLabels(KubeRolloutWatcher.COMPONENT_LABEL, component).endMetadata()
                    .withNewSpec().addNewContainer().withName(component).withImage("todo-chatbot-" + component + ":1")
                    .endContainer().endSpec()
                    .withNewStatus().withPhase("Running").addNewContainerStatus().withName(component)
                    .withRestartCount(restarts).withNewState().withNewRunning().endRunning().endState()
                    .endContainerStatus().endStatus().build()).createOr(existing -> existing.update());
        }

        @Test
        @DisplayName("a pod whose container is gone (it is shutting down) is named on stderr and skipped; the others' "
                + "logs are printed, prefixed; the database's are not")
        void podShuttingDown() throws Exception {
            Fixture f = new Fixture();
            pod(f, "todo-api-old", "api", 0, "old line");
            cluster.dispatcher.logRefusals.put("todo-api-old", new HelmShimDispatcher.Refusal(400,
                    "container \"api\" in pod \"todo-api-old\" is terminated"));
            pod(f, "todo-api-new", "api", 0, "api line 1\napi line 2");
            pod(f, "todo-web-1", "web", 0, "web line");
            pod(f, "todo-db-0", "db", 0, "db line");
            StringWriter out = new StringWriter();
            f.target.logs(null, false, new PrintWriter(out));
            assertThat(out.toString().lines()).containsExactly("todo-api-new | api line 1", "todo-api-new | api line 2",
                    "todo-web-1 | web line");
            assertThat(f.out.toString()).contains("warning: no log from pod todo-api-old: container \"api\" in pod "
                    + "\"todo-api-old\" is terminated");

            StringWriter api = new StringWriter();
            f.target.logs("api", false, new PrintWriter(api));
            assertThat(api.toString().lines()).as("two api pods, one of them shutting down: prefixed")
                    .containsExactly("todo-api-new | api line 1", "todo-api-new | api line 2");
        }

        @Test
        @DisplayName("a release with no such pod: a usage error that says to deploy")
        void noPod() throws Exception {
            Fixture f = new Fixture();
            assertThatThrownBy(() -> f.target.logs("api", false, new PrintWriter(new StringWriter())))
                    .isInstanceOf(TodoctlException.class).hasMessageContaining("has no api pod in namespace " + f.namespace)
                    .extracting(e -> ((TodoctlException) e).exitCode()).isEqualTo(2);
        }

        @Test
        @DisplayName("--follow takes the pods that come later (a rollout, a restarted container), resumes a cut stream "
                + "from its last line's time stamp with no line twice, and ends when interrupted")
        void follow() throws Exception {
            Fixture f = new Fixture();
            pod(f, "todo-api-a", "api", 0, "a1\na2");
            StringWriter text = new StringWriter();
            PrintWriter out = new PrintWriter(text);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread follower = Thread.ofPlatform().start(() -> {
                try {
                    f.target.logs(null, true, out);
                } catch (Throwable e) {
                    failed.set(e);
                }
            });
            try {
                awaitLine(text, "todo-api-a | a2");
                pod(f, "todo-web-b", "web", 0, "b1");
                awaitLine(text, "todo-web-b | b1");
                cluster.containerLog("todo-api-a", "a1\na2\na3");
                awaitLine(text, "todo-api-a | a3");
                pod(f, "todo-web-b", "web", 1, "b2 after the restart");
                awaitLine(text, "todo-web-b | b2 after the restart");
                Thread.sleep(2500); // the mock ends every stream at once: more resumes, none may repeat a line
            } finally {
                follower.interrupt();
                follower.join(5000);
            }
            assertThat(follower.isAlive()).as("ends when interrupted").isFalse();
            assertThat(failed.get()).isNull();
            synchronized (out) {
                assertThat(text.toString().lines()).containsExactlyInAnyOrder("todo-api-a | a1", "todo-api-a | a2",
                        "todo-web-b | b1", "todo-api-a | a3", "todo-web-b | b2 after the restart");
            }
            assertThat(cluster.dispatcher.logRequests).as("resumed from the last line's second")
                    .anyMatch(r -> r.contains("/todo-api-a/log") && r.contains("sinceTime=1970-01-01T00%3A00%3A01Z"));
        }

        @Test
        @DisplayName("--follow when the API server forbids logs: the command fails with the refusal, not polls forever")
        void followForbidden() throws Exception {
            Fixture f = new Fixture();
            pod(f, "todo-api-x", "api", 0, "x");
            cluster.dispatcher.logRefusals.put("todo-api-x", new HelmShimDispatcher.Refusal(403,
                    "pods \"todo-api-x\" is forbidden: User \"dev\" cannot get resource \"pods/log\""));
            java.util.concurrent.CompletableFuture<Void> run = java.util.concurrent.CompletableFuture.runAsync(
                    () -> f.target.logs("api", true, new PrintWriter(new StringWriter())));
            assertThatThrownBy(() -> run.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .hasRootCauseMessage("reading the log of pod todo-api-x was refused (HTTP 403): pods \"todo-api-x\" "
                            + "is forbidden: User \"dev\" cannot get resource \"pods/log\"");
        }

        void awaitLine(StringWriter text, String line) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (text) {
                    if (text.toString().lines().anyMatch(line::equals)) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
            synchronized (text) {
                assertThat(text.toString().lines()).as("within 10 s").contains(line);
            }
        }
    }

    @Nested
    @DisplayName("an unreachable cluster")
    class Unreachable {
        @Test
        @DisplayName("is not applicable, with the reason; deploying fails with exit 30 before anything is done")
        void unreachable() throws Exception {
            Path kubeconfig = dir.resolve("kubeconfig-dead");
            MockCluster.writeKubeconfig(kubeconfig, "https://127.0.0.1:1", "dead");
            Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString()), repoRoot(), dir, false);
            TodoctlConfig config = new ConfigLoader(env, null).load(ConfigRequest.defaults());
            StringWriter out = new StringWriter();
            Console console = new Console(new PrintWriter(out), new PrintWriter(out), Console.Verbosity.NORMAL,
                    OutputFormat.table, false, false);
            KubernetesTarget target = new KubernetesTarget(new TargetContext(config, env, console, Clock.systemUTC()));
            Instant start = Instant.now();
            assertThat(target.isApplicable().applicable()).isFalse();
            assertThat(target.isApplicable().reason()).contains("context dead").contains("not reachable");
            assertThatThrownBy(target::requireReachable).isInstanceOfSatisfying(TodoctlException.class,
                    e -> assertThat(e.exitCode()).isEqualTo(30));
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
        }
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
