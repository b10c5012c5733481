package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.config.ConfigLoader;
import dev.todoctl.cli.config.ConfigRequest;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.OutputFormat;
import dev.todoctl.cli.verify.VerifyResult;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code todoctl secrets rotate database} on kubernetes refuses, with the usage exit code and nothing changed (the
 * Secret as it was, no restart of the api), in each state the issue names: a rollout in progress, a Secret that is
 * not the chart's own (secrets.existingSecret), an external database (no PostgreSQL StatefulSet), PostgreSQL not
 * ready. The release's objects are made directly in fabric8's mock API server, whose stand-in controllers give them
 * pods and rollout status (an image tagged {@code :unready} never gets ready). The rotation itself needs a real
 * PostgreSQL behind the exec API: KubernetesClusterTest#rotateDatabaseUnderLoad.
 */
@DisplayName("secrets rotate database on kubernetes: refusals change nothing")
class KubeDatabaseRotationTest {
    static MockCluster cluster;
    static final AtomicInteger NAMESPACES = new AtomicInteger();
    static final String SECRET = "todo-todo-chatbot-secrets";
    static final String API = "todo-todo-chatbot-api";
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

    /** A release as the chart makes it, in a namespace of its own, with the given deviations. */
    record Release(String namespace, KubernetesTarget target) {
        static Release of(String apiImage, boolean chartSecret, String databaseImage) throws Exception {
            String ns = "rot" + NAMESPACES.incrementAndGet();
            Map<String, String> secretLabels = new HashMap<>(Map.of("app.kubernetes.io/instance", "todo"));
            if (chartSecret) {
                secretLabels.put("app.kubernetes.io/managed-by", "Helm");
            }
            cluster.client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(SECRET)
                    .withLabels(secretLabels).endMetadata().withData(Map.of("JWT_SECRET", b64("j".repeat(48)),
                            "DATABASE_PASSWORD", b64("old-password"), "DATABASE_USER", b64("todo"))).build()).create();
            cluster.client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata()
                    .withName(API).withLabels(labels("api")).withGeneration(1L).endMetadata().withNewSpec().withReplicas(1)
                    .withNewSelector().withMatchLabels(labels("api")).endSelector()
                    .withTemplate(template("api", "api", apiImage)).endSpec().build()).create();
            if (databaseImage != null) {
                cluster.client.apps().statefulSets().inNamespace(ns).resource(new StatefulSetBuilder().withNewMetadata()
                        .withName("todo-todo-chatbot-postgresql").withLabels(labels("database")).withGeneration(1L)
                        .endMetadata().withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(labels("database"))
                        .endSelector().withTemplate(template("database", "postgresql", databaseImage)).endSpec().build())
                        .create();
            }
            // the stand-in controllers give every object its pods and status within a few 100 ms
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (cluster.client.apps().deployments().inNamespace(ns).withName(API).get().getStatus() == null
                    || cluster.client.pods().inNamespace(ns).list().getItems().size() < (databaseImage == null ? 1 : 2)) {
                assertThat(System.nanoTime()).as("mock controllers").isLessThan(deadline);
                Thread.sleep(50);
            }
            Path kubeconfig = cluster.kubeconfig(dir, "mock");
            Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString(), "PATH", "/usr/bin:/bin"),
                    KubernetesReleaseTest.repoRoot(), dir, false);
            TodoctlConfig config = new ConfigLoader(env, null).load(new ConfigRequest(java.util.Optional.empty(),
                    java.util.Optional.of("dev"), Map.of("kubernetes.namespace", ns, "release", "todo"), Map.of()));
            StringWriter out = new StringWriter();
            Console console = new Console(new PrintWriter(out, true), new PrintWriter(out, true), Console.Verbosity.NORMAL,
                    OutputFormat.table, false, false);
            KubernetesTarget.Tuning tuning = new KubernetesTarget.Tuning(new dev.todoctl.cli.targets.kubernetes.HelmService
                    .Options(true), Duration.ofMillis(150), true, Map.of(), Map.of(), t -> rollout ->
                    new VerifyResult(Map.of(), List.of("smoke (stub)"), Duration.ZERO, List.of()));
            return new Release(ns, new KubernetesTarget(new TargetContext(config, env, console, Clock.systemUTC()), tuning));
        }

        TodoctlException refusal() {
            return catchThrowableOfType(TodoctlException.class,
                    () -> target.secretRotation().orElseThrow().rotateDatabase(Duration.ofSeconds(20)));
        }

        Map<String, String> secretData() {
            return cluster.client.secrets().inNamespace(namespace).withName(SECRET).get().getData();
        }

        Map<String, String> apiAnnotations() {
            Deployment d = cluster.client.apps().deployments().inNamespace(namespace).withName(API).get();
            Map<String, String> a = d.getSpec().getTemplate().getMetadata().getAnnotations();
            return a == null ? Map.of() : a;
        }

        /** Nothing changed: the Secret as created, the api not restarted. */
        void unchanged() {
            assertThat(secretData()).containsEntry("DATABASE_USER", b64("todo"))
                    .containsEntry("DATABASE_PASSWORD", b64("old-password"));
            assertThat(apiAnnotations()).doesNotContainKey("kubectl.kubernetes.io/restartedAt");
        }
    }

    static Map<String, String> labels(String component) {
        return Map.of("app.kubernetes.io/instance", "todo", "app.kubernetes.io/name", "todo-chatbot",
                "app.kubernetes.io/component", component);
    }

    static PodTemplateSpec template(String component, String container, String image) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels(component)).endMetadata().withNewSpec()
                .addNewContainer().withName(container).withImage(image)
                .addNewEnvFrom().withNewSecretRef().withName(SECRET).endSecretRef().endEnvFrom()
                .withEnv(new EnvVarBuilder().withName("POSTGRES_USER").withValue("todo").build())
                .endContainer().endSpec().build();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a rollout of the api in progress: refused, exit 2, nothing changed")
    void rolloutInProgress() throws Exception {
        Release r = Release.of("api:unready", true, "postgres:17");
        TodoctlException e = r.refusal();
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.getMessage()).contains("is rolling out right now").contains("nothing was changed");
        r.unchanged();
    }

    @Test
    @DisplayName("the Secret is the user's (secrets.existingSecret): refused, exit 2, nothing changed")
    void existingSecret() throws Exception {
        Release r = Release.of("api:1", false, "postgres:17");
        TodoctlException e = r.refusal();
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.getMessage()).contains("is not the chart's own").contains("nothing was changed");
        r.unchanged();
    }

    @Test
    @DisplayName("an external database (no PostgreSQL of the chart): refused, exit 2, nothing changed")
    void externalDatabase() throws Exception {
        Release r = Release.of("api:1", true, null);
        TodoctlException e = r.refusal();
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.getMessage()).contains("external database").contains("nothing was changed");
        assertThat(e.suggestions()).anySatisfy(s -> assertThat(s).contains("database.external.existingSecret"));
        r.unchanged();
    }

    @Test
    @DisplayName("PostgreSQL not ready: refused, exit 2, nothing changed")
    void databaseNotReady() throws Exception {
        Release r = Release.of("api:1", true, "postgres:unready");
        TodoctlException e = r.refusal();
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.getMessage()).contains("PostgreSQL").contains("is not ready").contains("nothing was changed");
        r.unchanged();
    }

    @Test
    @DisplayName("the login role in the chart's Secret is no secret to hunt for: validate's scans get the password, "
            + "not DATABASE_USER (which the ConfigMap's DATABASE_ROLE may spell)")
    void loginRoleIsNotScannedAsASecret() throws Exception {
        Release r = Release.of("api:1", true, "postgres:17");
        cluster.client.secrets().inNamespace(r.namespace()).withName(SECRET).edit(s -> {
            s.getData().put("DATABASE_USER", b64("todo_application_b"));
            return s;
        });
        var config = r.target().deployedConfig().orElseThrow();
        assertThat(config.secrets()).containsKey("DATABASE_PASSWORD").doesNotContainKey("DATABASE_USER");
    }
}
