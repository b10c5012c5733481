package dev.todoctl.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("charts/todo-chatbot rendered by the embedded Helm library")
class ChartTest {

    private static final List<String> PROFILES = List.of("default", "dev", "prod");

    /** Pod specs of every workload (Deployment, StatefulSet, test Pod), keyed by owner. */
    static Map<String, PodSpec> podSpecs(RenderedChart chart) {
        Map<String, PodSpec> specs = new java.util.LinkedHashMap<>();
        chart.all(Deployment.class).forEach(d -> specs.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        chart.all(StatefulSet.class).forEach(s -> specs.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate().getSpec()));
        chart.all(Pod.class).forEach(p -> specs.put("Pod/" + p.getMetadata().getName(), p.getSpec()));
        return specs;
    }

    static Map<String, Map<String, String>> podLabels(RenderedChart chart) {
        Map<String, Map<String, String>> labels = new java.util.LinkedHashMap<>();
        chart.all(Deployment.class).forEach(d -> labels.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate().getMetadata().getLabels()));
        chart.all(StatefulSet.class).forEach(s -> labels.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate().getMetadata().getLabels()));
        chart.all(Pod.class).forEach(p -> labels.put("Pod/" + p.getMetadata().getName(), p.getMetadata().getLabels()));
        return labels;
    }

    static List<Container> allContainers(PodSpec spec) {
        List<Container> containers = new ArrayList<>(spec.getContainers());
        if (spec.getInitContainers() != null) {
            containers.addAll(spec.getInitContainers());
        }
        return containers;
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    @Nested
    @DisplayName("lint and template")
    class LintAndTemplate {

        @Test
        @DisplayName("lint --strict reports no errors and no warnings")
        void lintStrictIsClean() {
            LintResult result = new Helm(RenderedChart.chartDir()).lint().strict().call();
            assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
            assertThat(result.getMessages()).allSatisfy(message ->
                    assertThat(message).doesNotContainIgnoringCase("[WARNING]").doesNotContainIgnoringCase("[ERROR]"));
        }

        @ParameterizedTest(name = "profile {0}")
        @ValueSource(strings = {"dev", "prod"})
        @DisplayName("lint --strict is clean with the dev and prod values too")
        void lintStrictIsCleanForProfiles(String profile, @TempDir Path copy) throws IOException {
            // lint() takes no values files: lint a copy whose values.yaml is default + profile, merged.
            Path chart = RenderedChart.chartDir();
            RenderedChart.copyChart(chart, copy);
            var yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
            var merged = yaml.readTree(chart.resolve("values.yaml").toFile());
            yaml.readerForUpdating(merged).readValue(chart.resolve("values-" + profile + ".yaml").toFile());
            yaml.writeValue(copy.resolve("values.yaml").toFile(), merged);
            assertThat(merged.at("/environment").asText()).isEqualTo(profile);
            assertThat(merged.at("/api/image/repository").asText()).as("deep merge keeps defaults").isEqualTo("todo-chatbot-api");

            LintResult result = new Helm(copy).lint().strict().call();

            assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
            assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
        }

        @ParameterizedTest(name = "profile {0}")
        @ValueSource(strings = {"default", "dev", "prod"})
        @DisplayName("template succeeds and renders the core objects")
        void templateSucceeds(String profile) {
            RenderedChart chart = RenderedChart.renderWithHooks(profile, Map.of());
            assertThat(chart.names()).contains(
                    "Deployment/" + RenderedChart.fullname("api"),
                    "Service/" + RenderedChart.fullname("api"),
                    "ConfigMap/" + RenderedChart.fullname("api"),
                    "Deployment/" + RenderedChart.fullname("web"),
                    "Service/" + RenderedChart.fullname("web"),
                    "StatefulSet/" + RenderedChart.fullname("postgresql"),
                    "Service/" + RenderedChart.fullname("postgresql"),
                    "Secret/" + RenderedChart.fullname("secrets"),
                    "Pod/" + RenderedChart.fullname("test-end-to-end"));
        }
    }

    @Nested
    @DisplayName("every rendered object parses into the Kubernetes model with no unknown field")
    class StrictParsing {

        @ParameterizedTest(name = "profile {0}")
        @ValueSource(strings = {"default", "dev", "prod"})
        void noUnknownFields(String profile) {
            RenderedChart chart = RenderedChart.renderWithHooks(profile, Map.of(
                    "ingress.enabled", "true", "metrics.serviceMonitor.enabled", "true",
                    "metrics.prometheusRule.enabled", "true"));
            List<String> problems = new ArrayList<>();
            for (HasMetadata object : chart.objects()) {
                problems.addAll(StrictModel.unknownFields(object));
                if (object instanceof GenericKubernetesResource generic) {
                    problems.addAll(MonitoringShapes.unknownFields(generic));
                }
            }
            assertThat(problems).isEmpty();
            assertThat(chart.generic()).extracting(HasMetadata::getKind)
                    .containsExactlyInAnyOrder("ServiceMonitor", "PrometheusRule");
        }

        @Test
        @DisplayName("a misspelt field in a template fails (proof that the check bites)")
        void misspeltFieldIsDetected(@TempDir Path copy) throws IOException {
            RenderedChart.copyChart(RenderedChart.chartDir(), copy);
            Path deployment = copy.resolve("templates/api-deployment.yaml");
            Files.writeString(deployment, Files.readString(deployment)
                    .replace("readinessProbe:", "readinesProbe:")
                    .replace("revisionHistoryLimit:", "revisionHistoryLimt:"));

            RenderedChart chart = RenderedChart.render(copy, "default", Map.of());

            List<String> problems = chart.objects().stream().flatMap(o -> StrictModel.unknownFields(o).stream()).toList();
            assertThat(problems).containsExactlyInAnyOrder(
                    "Deployment/todo-todo-chatbot-api: spec.revisionHistoryLimt",
                    "Deployment/todo-todo-chatbot-api: spec.template.spec.containers[0].readinesProbe");
        }

        @Test
        @DisplayName("a misspelt ServiceMonitor/PrometheusRule field fails too")
        void misspeltMonitoringFieldIsDetected(@TempDir Path copy) throws IOException {
            RenderedChart.copyChart(RenderedChart.chartDir(), copy);
            Path monitoring = copy.resolve("templates/monitoring.yaml");
            Files.writeString(monitoring, Files.readString(monitoring)
                    .replace("          expr: sum(up", "          exprr: sum(up")
                    .replace("      interval: {{ .Values.metrics.serviceMonitor.interval }}", "      intervall: 30s"));

            RenderedChart chart = RenderedChart.render(copy, "prod", Map.of());

            List<String> problems = chart.generic().stream().flatMap(g -> MonitoringShapes.unknownFields(g).stream()).toList();
            assertThat(problems).containsExactlyInAnyOrder(
                    "ServiceMonitor: spec.endpoints[].intervall",
                    "PrometheusRule: spec.groups[].rules[].exprr");
        }

        @Test
        @DisplayName("a field of the wrong type fails parsing")
        void wrongTypeFailsParsing() {
            String manifest = """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: x
                    spec:
                      replicas: two
                    """;
            assertThatThrownBy(() -> RenderedChart.parse(manifest)).hasMessageContaining("replicas");
        }
    }

    @Nested
    @DisplayName("policy over the prod profile")
    class ProdPolicy {

        private final RenderedChart prod = RenderedChart.renderWithHooks("prod", Map.of());

        @Test
        @DisplayName("every container has cpu and memory requests and limits")
        void resources() {
            podSpecs(prod).forEach((owner, spec) -> allContainers(spec).forEach(c -> {
                assertThat(c.getResources()).as("%s/%s resources", owner, c.getName()).isNotNull();
                assertThat(c.getResources().getRequests()).as("%s/%s requests", owner, c.getName()).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as("%s/%s limits", owner, c.getName()).containsKeys("cpu", "memory");
            }));
        }

        @Test
        @DisplayName("every container: runAsNonRoot, read-only root, no privilege escalation, drop ALL, seccomp RuntimeDefault")
        void securityContexts() {
            podSpecs(prod).forEach((owner, spec) -> {
                PodSecurityContext pod = spec.getSecurityContext();
                assertThat(pod).as("%s pod securityContext", owner).isNotNull();
                assertThat(pod.getRunAsNonRoot()).as("%s pod runAsNonRoot", owner).isTrue();
                assertThat(pod.getRunAsUser()).as("%s runAsUser", owner).isPositive();
                assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
                allContainers(spec).forEach(c -> {
                    String name = owner + "/" + c.getName();
                    SecurityContext sc = c.getSecurityContext();
                    assertThat(sc).as("%s securityContext", name).isNotNull();
                    assertThat(sc.getRunAsNonRoot()).as("%s runAsNonRoot", name).isTrue();
                    assertThat(sc.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", name).isTrue();
                    assertThat(sc.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", name).isFalse();
                    assertThat(sc.getPrivileged()).as("%s privileged", name).isNotEqualTo(Boolean.TRUE);
                    assertThat(sc.getCapabilities().getDrop()).as("%s capabilities.drop", name).containsExactly("ALL");
                    assertThat(sc.getCapabilities().getAdd()).as("%s capabilities.add", name).isNullOrEmpty();
                    assertThat(sc.getSeccompProfile().getType()).as("%s seccomp", name).isEqualTo("RuntimeDefault");
                });
            });
        }

        @Test
        @DisplayName("a read-only root needs a writable /tmp: every container mounts an emptyDir there")
        void tmpIsAnEmptyDir() {
            podSpecs(prod).forEach((owner, spec) -> spec.getContainers().forEach(c -> {
                var tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst();
                assertThat(tmp).as("%s/%s mounts /tmp", owner, c.getName()).isPresent();
                var volume = spec.getVolumes().stream().filter(v -> v.getName().equals(tmp.get().getName())).findFirst();
                assertThat(volume).isPresent();
                assertThat(volume.get().getEmptyDir()).as("%s /tmp is an emptyDir", owner).isNotNull();
            }));
        }

        @Test
        @DisplayName("no image uses the latest tag or no tag")
        void noLatestTag() {
            podSpecs(prod).forEach((owner, spec) -> allContainers(spec).forEach(c ->
                    assertThat(c.getImage()).as("%s/%s image", owner, c.getName())
                            .matches(".+:[A-Za-z0-9_][A-Za-z0-9_.-]*$|.+@sha256:[a-f0-9]{64}")
                            .doesNotEndWith(":latest")));
        }

        @Test
        @DisplayName("every object carries the app.kubernetes.io labels")
        void labels() {
            for (HasMetadata object : prod.objects()) {
                assertThat(object.getMetadata().getLabels()).as("%s/%s labels", object.getKind(), object.getMetadata().getName())
                        .containsEntry("app.kubernetes.io/name", "todo-chatbot")
                        .containsEntry("app.kubernetes.io/instance", RenderedChart.RELEASE)
                        .containsEntry("app.kubernetes.io/managed-by", "Helm")
                        .containsEntry("app.kubernetes.io/part-of", "todo-chatbot")
                        .containsKeys("app.kubernetes.io/version", "app.kubernetes.io/component", "helm.sh/chart");
            }
        }

        @Test
        @DisplayName("workload selectors match their pod template labels; replicas are explicit")
        void workloadSelectors() {
            for (Deployment d : prod.all(Deployment.class)) {
                assertThat(selects(d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate().getMetadata().getLabels()))
                        .as("Deployment %s selector", d.getMetadata().getName()).isTrue();
                assertThat(d.getSpec().getReplicas()).as("Deployment %s replicas", d.getMetadata().getName()).isNotNull();
            }
            for (StatefulSet s : prod.all(StatefulSet.class)) {
                assertThat(selects(s.getSpec().getSelector().getMatchLabels(), s.getSpec().getTemplate().getMetadata().getLabels())).isTrue();
                assertThat(prod.find(Service.class, s.getSpec().getServiceName())).as("governing Service").isPresent();
            }
        }

        @Test
        @DisplayName("every Service selects exactly one workload and targets a port its containers expose")
        void servicesPointAtExistingPorts() {
            Map<String, Map<String, String>> labels = podLabels(prod);
            Map<String, PodSpec> specs = podSpecs(prod);
            for (Service service : prod.all(Service.class)) {
                List<String> owners = labels.entrySet().stream()
                        .filter(e -> !e.getKey().startsWith("Pod/"))
                        .filter(e -> selects(service.getSpec().getSelector(), e.getValue()))
                        .map(Map.Entry::getKey).toList();
                assertThat(owners).as("workloads selected by Service %s", service.getMetadata().getName()).hasSize(1);
                List<Container> containers = specs.get(owners.getFirst()).getContainers();
                for (ServicePort port : service.getSpec().getPorts()) {
                    var target = port.getTargetPort();
                    boolean exposed = containers.stream().flatMap(c -> c.getPorts().stream()).anyMatch(cp ->
                            target.getStrVal() != null ? target.getStrVal().equals(cp.getName())
                                    : Objects.equals(target.getIntVal(), cp.getContainerPort()));
                    assertThat(exposed).as("Service %s port %s targets a container port", service.getMetadata().getName(), port.getName()).isTrue();
                }
            }
        }

        @Test
        @DisplayName("HPA, PDB and NetworkPolicy selectors and references point at rendered workloads")
        void references() {
            Map<String, Map<String, String>> labels = podLabels(prod);
            for (HorizontalPodAutoscaler hpa : prod.all(HorizontalPodAutoscaler.class)) {
                assertThat(prod.find(Deployment.class, hpa.getSpec().getScaleTargetRef().getName())).isPresent();
            }
            for (PodDisruptionBudget pdb : prod.all(PodDisruptionBudget.class)) {
                assertThat(labels.values()).anyMatch(l -> selects(pdb.getSpec().getSelector().getMatchLabels(), l));
            }
            for (NetworkPolicy policy : prod.all(NetworkPolicy.class)) {
                assertThat(labels.values()).as("NetworkPolicy %s selects pods", policy.getMetadata().getName())
                        .anyMatch(l -> selects(policy.getSpec().getPodSelector().getMatchLabels(), l));
            }
            for (Ingress ingress : prod.all(Ingress.class)) {
                ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
                    Service service = prod.one(Service.class, path.getBackend().getService().getName());
                    assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName)
                            .contains(path.getBackend().getService().getPort().getName());
                }));
            }
        }

        @Test
        @DisplayName("HPA min 2, max 5, CPU 70 % for api and web")
        void autoscaling() {
            for (String component : List.of("api", "web")) {
                HorizontalPodAutoscaler hpa = prod.one(HorizontalPodAutoscaler.class, RenderedChart.fullname(component));
                assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
                assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
                assertThat(hpa.getSpec().getMetrics().getFirst().getResource().getTarget().getAverageUtilization()).isEqualTo(70);
            }
        }

        @Test
        @DisplayName("database reachable only from api and backup pods; api only from web, the test pod, ingress and Prometheus")
        void networkPolicies() {
            NetworkPolicy db = prod.one(NetworkPolicy.class, RenderedChart.fullname("postgresql"));
            assertThat(db.getSpec().getIngress()).hasSize(1);
            assertThat(db.getSpec().getIngress().getFirst().getFrom())
                    .extracting(peer -> peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"))
                    .containsExactly("api", "backup");
            NetworkPolicy api = prod.one(NetworkPolicy.class, RenderedChart.fullname("api"));
            assertThat(api.getSpec().getIngress().getFirst().getFrom())
                    .filteredOn(peer -> peer.getPodSelector() != null)
                    .extracting(peer -> peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"))
                    .containsExactlyInAnyOrder("web", "test");
            NetworkPolicy deny = prod.one(NetworkPolicy.class, "todo-todo-chatbot-default-deny");
            assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
            assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
        }

        @Test
        @DisplayName("api probes: startup and liveness on /health, readiness on /health/ready; migrations in an init container")
        void apiProbesAndMigrations() {
            Deployment api = prod.one(Deployment.class, RenderedChart.fullname("api"));
            Container container = api.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
            assertThat(api.getSpec().getTemplate().getSpec().getInitContainers())
                    .extracting(Container::getName).containsExactly("wait-for-database", "migrate");
            assertThat(api.getSpec().getTemplate().getSpec().getInitContainers().get(1).getArgs()).containsExactly("migrate");
            ConfigMap config = prod.one(ConfigMap.class, RenderedChart.fullname("api"));
            assertThat(config.getData()).containsEntry("MIGRATE_ON_START", "false")
                    .containsEntry("DATABASE_URL", "jdbc:postgresql://todo-todo-chatbot-postgresql:5432/todo");
        }

        @Test
        @DisplayName("web is a NodePort on 30000 whose API_URL is the api Service's DNS name")
        void webReachesApiByDns() {
            Service web = prod.one(Service.class, RenderedChart.fullname("web"));
            assertThat(web.getSpec().getType()).isEqualTo("NodePort");
            assertThat(web.getSpec().getPorts().getFirst().getNodePort()).isEqualTo(30000);
            ConfigMap config = prod.one(ConfigMap.class, RenderedChart.fullname("web"));
            assertThat(config.getData()).containsEntry("API_URL", "http://todo-todo-chatbot-api.todo-test.svc:8080");
            assertThat(prod.one(Service.class, RenderedChart.fullname("api")).getSpec().getType()).isEqualTo("ClusterIP");
        }

        @Test
        @DisplayName("secrets come from Secrets (secretKeyRef/envFrom), never from a ConfigMap")
        void noSecretsInConfigMaps() {
            for (ConfigMap config : prod.all(ConfigMap.class)) {
                assertThat(config.getData().keySet()).as("ConfigMap %s keys", config.getMetadata().getName())
                        .noneMatch(key -> key.matches("(?i).*(SECRET|PASSWORD|API_KEY|TOKEN).*"));
                assertThat(config.getData().values()).noneMatch(value -> value.matches("(?i).*://[^/]*:[^/]*@.*"));
            }
            Container api = prod.one(Deployment.class, RenderedChart.fullname("api")).getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(api.getEnvFrom()).anyMatch(source -> source.getSecretRef() != null
                    && source.getSecretRef().getName().equals(RenderedChart.fullname("secrets")));
            assertThat(api.getEnv()).anyMatch(env -> env.getName().equals("DATABASE_PASSWORD")
                    && env.getValueFrom().getSecretKeyRef() != null);
            Secret secret = prod.one(Secret.class, RenderedChart.fullname("secrets"));
            assertThat(secret.getData()).containsKeys("JWT_SECRET", "DATABASE_PASSWORD");
            assertThat(secret.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        }

        @Test
        @DisplayName("the generated Secret reuses the live values through lookup")
        void secretUsesLookup() throws IOException {
            String template = Files.readString(RenderedChart.chartDir().resolve("templates/secret.yaml"));
            assertThat(template).contains("if or .Release.IsUpgrade .Values.secrets.lookupOnInstall")
                    .contains("lookup \"v1\" \"Secret\" .Release.Namespace $name")
                    .contains("get $data \"JWT_SECRET\" | default (randAlphaNum")
                    .contains("get $data \"DATABASE_USER\" | default (.Values.database.internal.username | b64enc)");
        }

        @Test
        @DisplayName("the database login role lives in the chart's Secret (secrets rotate database switches it); the "
                + "ConfigMap names the owner role every connection acts as; the backup CronJob reads the role too")
        void databaseUserInSecret() {
            Secret secret = prod.one(Secret.class, RenderedChart.fullname("secrets"));
            assertThat(new String(java.util.Base64.getDecoder().decode(secret.getData().get("DATABASE_USER"))))
                    .isEqualTo("todo");
            Map<String, String> config = prod.one(ConfigMap.class, RenderedChart.fullname("api")).getData();
            assertThat(config).containsEntry("DATABASE_ROLE", "todo").doesNotContainKey("DATABASE_USER");
            RenderedChart backups = RenderedChart.render("default", Map.of("database.backup.enabled", "true"));
            String cronJob = backups.manifest().substring(backups.manifest().indexOf("name: PGUSER"));
            assertThat(cronJob.substring(0, cronJob.indexOf("- name: PGDATABASE"))).contains("secretKeyRef")
                    .contains("key: DATABASE_USER");

            RenderedChart own = RenderedChart.render("default", Map.of("secrets.existingSecret", "my-secrets"));
            assertThat(own.one(ConfigMap.class, RenderedChart.fullname("api")).getData())
                    .as("the user's Secret need not hold DATABASE_USER").containsEntry("DATABASE_USER", "todo");
            RenderedChart external = RenderedChart.render("default", Map.of(
                    "database.external.url", "jdbc:postgresql://db.example.com:5432/todo",
                    "database.external.existingSecret", "todo-db", "database.external.username", "app"));
            assertThat(external.one(Secret.class, RenderedChart.fullname("secrets")).getData())
                    .as("an external database's user is not the chart's Secret's to override").doesNotContainKey("DATABASE_USER");
            assertThat(external.one(ConfigMap.class, RenderedChart.fullname("api")).getData())
                    .containsEntry("DATABASE_USER", "app").doesNotContainKey("DATABASE_ROLE");
        }

        @Test
        @DisplayName("the helm test hook checks web -> api -> database")
        void helmTestHook() throws IOException {
            assertThat(Files.readString(RenderedChart.chartDir().resolve("templates/tests/test-end-to-end.yaml")))
                    .contains("helm.sh/hook: test");
            Pod test = prod.one(Pod.class, RenderedChart.fullname("test-end-to-end"));
            assertThat(test.getMetadata().getAnnotations()).containsEntry(RenderedChart.HOOK_ANNOTATION, "test");
            assertThat(String.join("\n", test.getSpec().getContainers().getFirst().getArgs()))
                    .contains("host=todo-todo-chatbot-web")
                    .contains("/api/v1/auth/signup")
                    .contains("/api/v1/tasks");
        }
    }

    @Nested
    @DisplayName("profiles and options")
    class Profiles {

        @Test
        @DisplayName("dev: no HPA, no PDB, one replica each")
        void dev() {
            RenderedChart dev = RenderedChart.render("dev");
            assertThat(dev.all(HorizontalPodAutoscaler.class)).isEmpty();
            assertThat(dev.all(PodDisruptionBudget.class)).isEmpty();
            assertThat(dev.all(Deployment.class)).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(1));
        }

        /** The dev block as --sets (Helm's list index syntax). */
        static Map<String, Object> devSets(List<String> command) {
            Map<String, Object> sets = new java.util.LinkedHashMap<>(Map.of("dev.enabled", "true"));
            for (int i = 0; i < command.size(); i++) {
                sets.put("dev.apiCommand[" + i + "]", command.get(i));
                sets.put("dev.webCommand[" + i + "]", command.get(i));
            }
            return sets;
        }

        @Test
        @DisplayName("dev block (todoctl dev): the reload supervisor runs the given java command, emptyDirs take the copied "
                + "classes and assets, readiness is probed every second; without it none of that is rendered")
        void devSync() {
            RenderedChart plain = RenderedChart.render("default");
            RenderedChart dev = RenderedChart.render("default", devSets(List.of("java", "-cp",
                    "/app/dev-classes:/app/todo-chatbot.jar", "dev.todoctl.app.Main")));
            for (String component : List.of("api", "web")) {
                var pod = dev.one(Deployment.class, RenderedChart.fullname(component)).getSpec().getTemplate().getSpec();
                Container c = pod.getContainers().getFirst();
                assertThat(c.getCommand()).hasSize(4).startsWith("bash", "-c").endsWith("todoctl-dev");
                assertThat(c.getCommand().get(2)).contains("trap", "HUP", "todoctl-dev.pid");
                assertThat(c.getArgs()).containsExactly("java", "-cp", "/app/dev-classes:/app/todo-chatbot.jar",
                        "dev.todoctl.app.Main", component);
                assertThat(c.getReadinessProbe().getPeriodSeconds()).isEqualTo(1);
                assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/app/dev-classes"));
                assertThat(pod.getVolumes()).anySatisfy(v -> {
                    assertThat(v.getName()).isEqualTo("dev-classes");
                    assertThat(v.getEmptyDir()).isNotNull();
                });
                var plainPod = plain.one(Deployment.class, RenderedChart.fullname(component)).getSpec().getTemplate().getSpec();
                Container p = plainPod.getContainers().getFirst();
                assertThat(p.getCommand()).isEmpty();
                assertThat(p.getArgs()).containsExactly(component);
                assertThat(p.getReadinessProbe().getPeriodSeconds()).isGreaterThan(1);
                assertThat(plainPod.getVolumes()).noneSatisfy(v -> assertThat(v.getName()).startsWith("dev-"));
            }
            Container web = dev.one(Deployment.class, RenderedChart.fullname("web")).getSpec().getTemplate().getSpec()
                    .getContainers().getFirst();
            assertThat(web.getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("WEB_STATIC_DIR");
                assertThat(e.getValue()).isEqualTo("/app/dev-web");
            });
            assertThat(web.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/app/dev-web"));
            assertThat(plain.manifest()).doesNotContain("todoctl-dev", "WEB_STATIC_DIR", "/app/dev-");
        }

        @Test
        @DisplayName("dev.enabled without the java commands is refused by the schema")
        void devSyncNeedsCommands() {
            assertThatThrownBy(() -> RenderedChart.render("default", Map.of("dev.enabled", "true")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("apiCommand");
        }

        @Test
        @DisplayName("an external database: no StatefulSet, no database Service or policy, password from the given Secret")
        void externalDatabase() {
            RenderedChart chart = RenderedChart.render("default", Map.of(
                    "database.external.url", "jdbc:postgresql://db.example.com:5432/todo",
                    "database.external.existingSecret", "todo-db",
                    "database.external.passwordKey", "pw"));
            assertThat(chart.all(StatefulSet.class)).isEmpty();
            assertThat(chart.find(Service.class, RenderedChart.fullname("postgresql"))).isEmpty();
            assertThat(chart.find(NetworkPolicy.class, RenderedChart.fullname("postgresql"))).isEmpty();
            assertThat(chart.one(ConfigMap.class, RenderedChart.fullname("api")).getData())
                    .containsEntry("DATABASE_URL", "jdbc:postgresql://db.example.com:5432/todo");
            Container api = chart.one(Deployment.class, RenderedChart.fullname("api")).getSpec().getTemplate().getSpec().getContainers().getFirst();
            var password = api.getEnv().stream().filter(e -> e.getName().equals("DATABASE_PASSWORD")).findFirst().orElseThrow();
            assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("todo-db");
            assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("pw");
        }

        @Test
        @DisplayName("an existing Secret: none generated, and every reference uses it")
        void existingSecret() {
            RenderedChart chart = RenderedChart.render("default", Map.of("secrets.existingSecret", "my-secrets"));
            assertThat(chart.all(Secret.class)).isEmpty();
            assertThat(chart.manifest()).doesNotContain(RenderedChart.fullname("secrets")).contains("name: my-secrets");
        }

        @Test
        @DisplayName("storage class and size are configurable")
        void storage() {
            RenderedChart chart = RenderedChart.render("default", Map.of(
                    "database.internal.persistence.storageClass", "fast-ssd",
                    "database.internal.persistence.size", "20Gi"));
            var claim = chart.one(StatefulSet.class, RenderedChart.fullname("postgresql")).getSpec().getVolumeClaimTemplates().getFirst();
            assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
            assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("20Gi");
        }

        @Test
        @DisplayName("prod refuses a latest image tag with a readable message")
        void prodRefusesLatest() {
            assertThatThrownBy(() -> RenderedChart.render("prod", Map.of("api.image.tag", "latest")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("tag \"latest\" is not allowed when environment=prod");
        }

        @Test
        @DisplayName("HPA minReplicas above maxReplicas is refused")
        void hpaBounds() {
            assertThatThrownBy(() -> RenderedChart.render("prod", Map.of("api.autoscaling.minReplicas", "6")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("api.autoscaling.minReplicas (6) must not exceed maxReplicas (5)");
        }
    }

    @Nested
    @DisplayName("values.schema.json rejects bad values with a readable message")
    class Schema {

        static Stream<Path> badValuesFiles() throws IOException, URISyntaxException {
            Path dir = Path.of(Objects.requireNonNull(ChartTest.class.getResource("/chart/bad-values")).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("badValuesFiles")
        void rejected(Path valuesFile) throws IOException {
            List<String> expected = Files.readAllLines(valuesFile).stream()
                    .filter(line -> line.startsWith("# expect: "))
                    .map(line -> line.substring("# expect: ".length())).toList();
            assertThat(expected).as("a bad values file says what it expects").isNotEmpty();
            assertThatThrownBy(() -> RenderedChart.renderWithValuesFile(valuesFile))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("values don't meet the specifications of the schema")
                    .satisfies(e -> assertThat(e.getMessage()).contains(expected))
                    .satisfies(e -> System.out.println(valuesFile.getFileName() + " -> " + e.getMessage().strip()));
        }

        @Test
        @DisplayName("at least five bad values files are checked")
        void enoughCases() throws Exception {
            assertThat(badValuesFiles()).hasSizeGreaterThanOrEqualTo(5);
        }

        @Test
        @DisplayName("README.md documents every value of values.yaml")
        void readmeDocumentsEveryValue() throws IOException {
            Path chart = RenderedChart.chartDir();
            String readme = Files.readString(chart.resolve("README.md"));
            var values = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(chart.resolve("values.yaml").toFile());
            List<String> missing = new ArrayList<>();
            collectKeys(values, "", missing, readme);
            assertThat(missing).as("values without a README row").isEmpty();
        }

        private static void collectKeys(com.fasterxml.jackson.databind.JsonNode node, String prefix, List<String> missing, String readme) {
            node.properties().forEach(entry -> {
                String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
                if (entry.getValue().isObject() && !entry.getValue().isEmpty()) {
                    collectKeys(entry.getValue(), key, missing, readme);
                    return;
                }
                // A row may cover siblings ("`api.probes.liveness.periodSeconds` / `.timeoutSeconds`")
                // or a whole map ("`api.resources`", "`web.probes.*`").
                String parent = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "";
                String leaf = key.substring(key.lastIndexOf('.') + 1);
                boolean documented = readme.contains("`" + key + "`")
                        || (readme.contains("`" + parent + ".") && readme.contains("`." + leaf + "`"))
                        || ancestors(key).stream().anyMatch(a -> readme.contains("`" + a + "`") || readme.contains("`" + a + ".*`"));
                if (!documented) {
                    missing.add(key);
                }
            });
        }

        private static List<String> ancestors(String key) {
            List<String> result = new ArrayList<>();
            for (int i = key.indexOf('.'); i > 0; i = key.indexOf('.', i + 1)) {
                result.add(key.substring(0, i));
            }
            return result;
        }

        @Test
        @DisplayName("every values-<profile>.yaml of the chart is one the tests cover, renders, and changes something")
        void everyProfileFileIsCoveredAndTakesEffect() throws IOException {
            List<String> files;
            try (Stream<Path> list = Files.list(RenderedChart.chartDir())) {
                files = list.map(f -> f.getFileName().toString()).filter(n -> n.matches("values-.+\\.yaml"))
                        .map(n -> n.substring("values-".length(), n.length() - ".yaml".length())).sorted().toList();
            }
            assertThat(files).as("profile files in the chart").isNotEmpty();
            assertThat(PROFILES).as("profiles the parameterized tests render").containsAll(files);
            String defaults = RenderedChart.render("default").manifest();
            for (String profile : files) {
                assertThat(RenderedChart.render(profile).manifest()).as("values-%s.yaml has an effect", profile)
                        .isNotEqualTo(defaults);
            }
        }
    }
}
