package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.config.ConfigLoader;
import dev.todoctl.cli.config.ConfigRequest;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.targets.DeployedConfig;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.OutputFormat;
import dev.todoctl.cli.targets.ValidationTargets;
import dev.todoctl.cli.verify.VerifyResult;
import dev.todoctl.validation.EnvSource;
import dev.todoctl.validation.ValidationTarget;
import dev.todoctl.validation.report.CheckResult;
import dev.todoctl.validation.report.Outcome;
import dev.todoctl.validation.report.SummaryTable;
import dev.todoctl.validation.scenario.ScenarioRunner;
import dev.todoctl.validation.scenario.ValidationReport;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kubernetes target's hooks for {@code todoctl validate}, against the mock API server with a release installed
 * by the embedded Helm: the api restart deletes the api pods and nothing else; the configuration read back from the
 * cluster (ConfigMaps, workload env, where the api's env comes from, the Secret values); and the hygiene scenario —
 * run over HTTP against a real in-process api, with the hooks reading the mock — failing on a secret in a ConfigMap,
 * in a Deployment's literal env or in the pod log, and passing on the chart as it is.
 */
@DisplayName("kubernetes target hooks for validate (mock API server, embedded Helm)")
class KubernetesHooksTest {
    static final String MODEL_KEY = "sk-hooks-test-0123456789abcdef";
    static final String RELEASE = "todo";
    static final AtomicInteger NAMESPACES = new AtomicInteger();
    static MockCluster cluster;
    static ApiServer api;
    static String apiUrl;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        cluster = new MockCluster();
        api = ApiServer.start(ApiConfig.from(new Env(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "JWT_SECRET", "hooks-test-app-secret-0123456789abcdef", "DATA_DIR", dir.resolve("data").toString()))));
        apiUrl = "http://127.0.0.1:" + api.port();
    }

    @AfterAll
    static void stop() {
        api.close();
        cluster.close();
    }

    /** A namespace of its own with the chart installed (dev profile) and rolled out, plus extra chart values. */
    static final class Release {
        final String namespace = "hooks" + NAMESPACES.incrementAndGet();
        final StringWriter out = new StringWriter();
        final KubernetesTarget target;

        Release(Map<String, String> helmSets) throws Exception {
            Path kubeconfig = cluster.kubeconfig(dir, "mock");
            Environment env = new Environment(Map.of("KUBECONFIG", kubeconfig.toString(), "PATH", "/usr/bin:/bin"),
                    KubernetesReleaseTest.repoRoot(), dir, false);
            var config = new ConfigLoader(env, null).load(new ConfigRequest(Optional.empty(), Optional.of("dev"),
                    Map.of("kubernetes.namespace", namespace, "release", RELEASE), Map.of()));
            Console console = new Console(new PrintWriter(out, true), new PrintWriter(out, true),
                    Console.Verbosity.NORMAL, OutputFormat.table, false, false);
            var tuning = new KubernetesTarget.Tuning(new HelmService.Options(true), Duration.ofMillis(150), true,
                    helmSets, Map.of("OPENAI_API_KEY", MODEL_KEY), t -> rollout ->
                    new VerifyResult(Map.of(), List.of("smoke (stub)"), Duration.ZERO, List.of()));
            target = new KubernetesTarget(new TargetContext(config, env, console, Clock.systemUTC()), tuning);
            var deploy = target.deployer().deploy(KubernetesReleaseTest.build("1.0.0"));
            target.watcher().await(deploy, Instant.now().plusSeconds(30));
        }

        Release() throws Exception {
            this(Map.of());
        }

        List<Pod> pods(String component) {
            return cluster.client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/component", component)
                    .list().getItems();
        }

        String chartSecret(String key) {
            var secret = cluster.client.secrets().inNamespace(namespace).withName("todo-todo-chatbot-secrets").get();
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }

        ValidationReport hygiene() {
            ValidationTarget t = ValidationTargets.of(target, apiUrl, Optional.empty());
            return ScenarioRunner.standard().only(List.of("hygiene")).run(t);
        }

        CliRun validateCommand() throws java.io.IOException {
            return CliRun.in(dir, Map.of("KUBECONFIG", cluster.kubeconfig(dir, "mock").toString()), "validate",
                    "--target", "kubernetes", "--base-url", apiUrl, "--no-contract", "--scenario", "hygiene",
                    "--evidence-dir", dir.resolve("evidence-" + namespace).toString(),
                    "--set", "kubernetes.namespace=" + namespace, "--set", "release=" + RELEASE,
                    "--set", "source-dir=" + KubernetesReleaseTest.repoRoot());
        }
    }

    static CheckResult check(ValidationReport report, String nameStart) {
        return report.suites().stream().flatMap(s -> s.checks().stream()).filter(c -> c.name().startsWith(nameStart))
                .findFirst().orElseThrow(() -> new AssertionError("no check " + nameStart + " in\n"
                        + SummaryTable.render(report)));
    }

    static void assertOutcome(ValidationReport report, String check, Outcome outcome, String messagePart) {
        CheckResult c = check(report, check);
        assertThat(c.outcome()).as(SummaryTable.render(report)).isEqualTo(outcome);
        assertThat(c.message()).contains(messagePart);
    }

    static final String CONFIG_CHECK = "no secret in plain configuration";
    static final String REFS_CHECK = "secrets reach the api from Secret references";
    static final String LOGS_CHECK = "no secret value in component logs";

    @Nested
    @DisplayName("restart")
    class Restart {
        @Test
        @DisplayName("deletes exactly the release's api pods — not web, not PostgreSQL, not another release's api")
        void deletesApiPodsOnly() throws Exception {
            Release r = new Release();
            Release other = new Release();
            List<String> apiPods = r.pods("api").stream().map(p -> p.getMetadata().getName()).toList();
            assertThat(apiPods).isNotEmpty();
            assertThat(r.pods("web")).isNotEmpty();
            assertThat(r.pods("database")).isNotEmpty();
            cluster.dispatcher.deletes.clear();

            assertThat(r.target.restarts()).isPresent();
            r.target.restarts().orElseThrow().restart("api");

            List<String> deletedPods = cluster.dispatcher.deletes.stream().filter(p -> p.contains("/pods/")).toList();
            assertThat(deletedPods).containsExactlyInAnyOrderElementsOf(apiPods.stream()
                    .map(name -> "/api/v1/namespaces/" + r.namespace + "/pods/" + name).toList());
            assertThat(other.pods("api")).isNotEmpty();
            assertThat(r.out.toString()).contains("deleted " + apiPods.size() + " api pod(s) of todo");
        }

        @Test
        @DisplayName("nothing to restart is a usage error that says so, and nothing is deleted")
        void nothingToRestart() throws Exception {
            Release r = new Release();
            cluster.dispatcher.deletes.clear();
            assertThatThrownBy(() -> r.target.restarts().orElseThrow().restart("nope")).isInstanceOfSatisfying(TodoctlException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(2);
                assertThat(e.getMessage()).contains("release todo has no nope pods in namespace " + r.namespace);
            });
            assertThat(cluster.dispatcher.deletes).isEmpty();
        }
    }

    @Nested
    @DisplayName("configuration read back from the cluster")
    class Configuration {
        @Test
        @DisplayName("the chart's ConfigMap keys and literal env, no secret value among them; secrets from Secret references")
        void chartAsItIs() throws Exception {
            Release r = new Release();
            DeployedConfig config = r.target.deployedConfig().orElseThrow();
            assertThat(config.plain()).containsKeys("configmap/todo-todo-chatbot-api/PORT",
                    "configmap/todo-todo-chatbot-api/DATABASE_URL", "configmap/todo-todo-chatbot-api/LOG_LEVEL",
                    "configmap/todo-todo-chatbot-web/API_URL", "env/todo-todo-chatbot-postgresql/postgresql/POSTGRES_USER");
            assertThat(config.plain()).doesNotContainKeys("env/todo-todo-chatbot-postgresql/postgresql/POSTGRES_PASSWORD");
            String jwt = r.chartSecret("JWT_SECRET");
            String dbPassword = r.chartSecret("DATABASE_PASSWORD");
            assertThat(config.plain().values()).noneMatch(v -> v.contains(jwt) || v.contains(dbPassword)
                    || v.contains(MODEL_KEY));

            Map<String, EnvSource> sources = config.apiEnvSources().orElseThrow();
            assertThat(sources.get("JWT_SECRET")).isEqualTo(EnvSource.secret("Secret todo-todo-chatbot-secrets (envFrom)"));
            assertThat(sources.get("DATABASE_PASSWORD"))
                    .isEqualTo(EnvSource.secret("Secret todo-todo-chatbot-secrets, key DATABASE_PASSWORD"));
            assertThat(sources.get("OPENAI_API_KEY").kind()).isEqualTo(EnvSource.Kind.SECRET);
            assertThat(sources.get("PORT")).isEqualTo(EnvSource.configMap("ConfigMap todo-todo-chatbot-api (envFrom)"));
            assertThat(config.secrets()).containsEntry("JWT_SECRET", jwt).containsEntry("DATABASE_PASSWORD", dbPassword)
                    .containsEntry("OPENAI_API_KEY", MODEL_KEY);
            assertThat(config.toString()).doesNotContain(jwt).doesNotContain(dbPassword).doesNotContain(MODEL_KEY);
        }

        @Test
        @DisplayName("recent logs come from the pod log endpoint")
        void logs() throws Exception {
            Release r = new Release();
            StringWriter logs = new StringWriter();
            r.target.logs("api", false, new PrintWriter(logs));
            assertThat(logs.toString()).contains("listening on port 8080");
        }
    }

    @Nested
    @DisplayName("the hygiene scenario on kubernetes")
    class Hygiene {
        @Test
        @DisplayName("passes on the chart as it is (through `todoctl validate --target kubernetes --base-url`: exit 0); without a URL validate tunnels to the Services")
        void healthy() throws Exception {
            Release r = new Release();
            ValidationReport report = r.hygiene();
            assertOutcome(report, CONFIG_CHECK, Outcome.PASSED, "");
            assertOutcome(report, REFS_CHECK, Outcome.PASSED, "");
            assertOutcome(report, LOGS_CHECK, Outcome.PASSED, "");

            CliRun run = r.validateCommand();
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("e2e 9: configuration hygiene");

            // no URL given: validate opens its own tunnels to the release's api and web Services (that they carry the
            // checks through pod replacements is shown on the real cluster: KubernetesClusterTest; the mock server
            // has no kubelet behind its port-forward, so only the wiring is checked here)
            CliRun noUrl = CliRun.in(dir, Map.of("KUBECONFIG", cluster.kubeconfig(dir, "mock").toString()), "validate",
                    "--target", "kubernetes", "--no-contract", "--scenario", "health", "--evidence-dir",
                    dir.resolve("ev-tunnel").toString(), "--set", "kubernetes.namespace=" + r.namespace,
                    "--set", "release=" + RELEASE, "--set", "source-dir=" + KubernetesReleaseTest.repoRoot());
            assertThat(noUrl.out() + noUrl.err()).as(noUrl.toString())
                    .containsPattern("tunnel http://127\\.0\\.0\\.1:\\d+ -> Service " + RELEASE + "-todo-chatbot-api ")
                    .containsPattern("tunnel http://127\\.0\\.0\\.1:\\d+ -> Service " + RELEASE + "-todo-chatbot-web ");
        }

        @Test
        @DisplayName("the JWT secret copied into a ConfigMap of the release fails the config check (validate: exit 50)")
        void secretInConfigMap() throws Exception {
            Release r = new Release();
            String jwt = r.chartSecret("JWT_SECRET");
            cluster.client.configMaps().inNamespace(r.namespace).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("todo-extra").addToLabels("app.kubernetes.io/instance", RELEASE).endMetadata()
                    .addToData("FEATURE_FLAGS", "beta," + jwt).build()).create();

            assertOutcome(r.hygiene(), CONFIG_CHECK, Outcome.FAILED,
                    "the JWT secret is in plain configuration configmap/todo-extra/FEATURE_FLAGS");
            CliRun run = r.validateCommand();
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(50);
            assertThat(run.out()).contains("FAILED e2e 9: configuration hygiene › no secret in plain configuration")
                    .doesNotContain(jwt);
        }

        @Test
        @DisplayName("a chart value that puts the model key into the ConfigMap (--helm-set api.env.CHAT_MODEL=<key>) fails")
        void secretThroughChartValue() throws Exception {
            Release r = new Release(Map.of("api.env.CHAT_MODEL", MODEL_KEY));
            assertOutcome(r.hygiene(), CONFIG_CHECK, Outcome.FAILED,
                    "is in plain configuration configmap/todo-todo-chatbot-api/CHAT_MODEL");
        }

        @Test
        @DisplayName("a literal JWT_SECRET in the api Deployment (api.extraEnv) fails the Secret-reference check")
        void literalJwtSecret() throws Exception {
            Release r = new Release(Map.of("api.extraEnv[0].name", "JWT_SECRET",
                    "api.extraEnv[0].value", "written-into-the-deployment-0123456789"));
            ValidationReport report = r.hygiene();
            assertOutcome(report, REFS_CHECK, Outcome.FAILED, "JWT_SECRET reaches the api as literal (value written "
                    + "into Deployment todo-todo-chatbot-api, container api), not from a Secret reference");
            assertOutcome(report, CONFIG_CHECK, Outcome.FAILED,
                    "secret-looking key in plain configuration: env/todo-todo-chatbot-api/api/JWT_SECRET");
        }

        @Test
        @DisplayName("the database password in the api's pod log fails the log check")
        void secretInPodLog() throws Exception {
            Release r = new Release();
            String password = r.chartSecret("DATABASE_PASSWORD");
            for (Pod pod : r.pods("api")) {
                cluster.dispatcher.logs.put(pod.getMetadata().getName(), "connecting with password " + password + "\n");
            }
            CheckResult logs = check(r.hygiene(), LOGS_CHECK);
            assertThat(logs.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(logs.message()).contains("appears in the api log").doesNotContain(password);
        }
    }
}
