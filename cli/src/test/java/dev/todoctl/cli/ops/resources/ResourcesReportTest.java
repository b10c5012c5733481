package dev.todoctl.cli.ops.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.targets.kubernetes.MockCluster;
import dev.todoctl.cli.targets.kubernetes.HelmService;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code todoctl resources report} on the real chart, rendered by the embedded Helm as {@code todoctl render} does.
 * Expected numbers are computed from values.yaml and the profile's values file, so changing values changes what
 * the test expects. The kube context's allocatable comes from fabric8's mock API server with nodes.
 */
@DisplayName("resources report")
class ResourcesReportTest {
    @TempDir
    static Path dir;

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("charts/todo-chatbot/Chart.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found");
    }

    static final Path CHART = repoRoot().resolve("charts/todo-chatbot");

    static CliRun todoctl(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("resources", "report"));
        all.addAll(List.of(args));
        all.addAll(List.of("--set", "source-dir=" + repoRoot()));
        return CliRun.in(dir, env, all.toArray(String[]::new));
    }

    static JsonNode json(CliRun run) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        // exactly one document on stdout
        return new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readTree(run.out());
    }

    static JsonNode profile(JsonNode doc, String name) {
        for (JsonNode p : doc.path("profiles")) {
            if (p.path("profile").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no profile " + name + " in " + doc);
    }

    /** values.yaml with the profile's file laid over it, as Helm merges them. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> values(String profile) throws IOException {
        Map<String, Object> base = new Yaml().load(Files.readString(CHART.resolve("values.yaml")));
        if (!profile.equals("default")) {
            merge(base, new Yaml().load(Files.readString(CHART.resolve("values-" + profile + ".yaml"))));
        }
        return base;
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> into, Map<String, Object> over) {
        over.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && into.get(k) instanceof Map<?, ?> existing) {
                merge((Map<String, Object>) existing, (Map<String, Object>) m);
            } else {
                into.put(k, v);
            }
        });
    }

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> values, String path) {
        Object node = values;
        for (String key : path.split("\\.")) {
            node = ((Map<String, Object>) node).get(key);
        }
        return node;
    }

    static BigDecimal q(Object value) {
        return Quantity.getAmountInBytes(new Quantity(String.valueOf(value)));
    }

    /** What the chart should ask for, from the values: (cpu cores, memory bytes) at replicas and at HPA max. */
    record Expected(BigDecimal cpuAtReplicas, BigDecimal memAtReplicas, BigDecimal cpuAtMax, BigDecimal memAtMax) {
        static Expected of(Map<String, Object> v) {
            // the api pod's init container wait-for-database has fixed requests in the template (10m, 16Mi);
            // its other init container (migrate) uses api.resources, like the api container
            BigDecimal[] api = {q(at(v, "api.resources.requests.cpu")).max(q("10m")),
                    q(at(v, "api.resources.requests.memory")).max(q("16Mi"))};
            BigDecimal[] web = {q(at(v, "web.resources.requests.cpu")), q(at(v, "web.resources.requests.memory"))};
            BigDecimal[] db = {q(at(v, "database.internal.resources.requests.cpu")),
                    q(at(v, "database.internal.resources.requests.memory"))};
            int apiN = (Integer) at(v, "api.replicas");
            int webN = (Integer) at(v, "web.replicas");
            int apiMax = Boolean.TRUE.equals(at(v, "api.autoscaling.enabled"))
                    ? Math.max(apiN, (Integer) at(v, "api.autoscaling.maxReplicas")) : apiN;
            int webMax = Boolean.TRUE.equals(at(v, "web.autoscaling.enabled"))
                    ? Math.max(webN, (Integer) at(v, "web.autoscaling.maxReplicas")) : webN;
            return new Expected(sum(api[0], apiN, web[0], webN, db[0]), sum(api[1], apiN, web[1], webN, db[1]),
                    sum(api[0], apiMax, web[0], webMax, db[0]), sum(api[1], apiMax, web[1], webMax, db[1]));
        }

        private static BigDecimal sum(BigDecimal api, int apiN, BigDecimal web, int webN, BigDecimal db) {
            return api.multiply(BigDecimal.valueOf(apiN)).add(web.multiply(BigDecimal.valueOf(webN))).add(db);
        }
    }

    static BigDecimal cores(JsonNode q) {
        return BigDecimal.valueOf(q.path("cpu_millicores").asLong()).movePointLeft(3);
    }

    static BigDecimal bytes(JsonNode q) {
        return BigDecimal.valueOf(q.path("memory_bytes").asLong());
    }

    @Nested
    @DisplayName("on the real chart")
    class RealChart {
        @ParameterizedTest(name = "profile {0}: totals at replicas and at HPA max match the values files")
        @ValueSource(strings = {"default", "dev", "prod"})
        void totals(String name) throws IOException {
            JsonNode report = profile(json(todoctl(Map.of(), "--profile", name, "-o", "json")), name);
            Expected expected = Expected.of(values(name));
            assertThat(cores(report.path("totals_at_replicas").path("requests"))).isEqualByComparingTo(expected.cpuAtReplicas());
            assertThat(bytes(report.path("totals_at_replicas").path("requests"))).isEqualByComparingTo(expected.memAtReplicas());
            assertThat(cores(report.path("totals_at_hpa_max").path("requests"))).isEqualByComparingTo(expected.cpuAtMax());
            assertThat(bytes(report.path("totals_at_hpa_max").path("requests"))).isEqualByComparingTo(expected.memAtMax());
            // the chart as shipped sets every limit above its request: no warnings without a cluster size
            assertThat(report.path("warnings")).isEmpty();
            assertThat(report.path("fit").path("known").asBoolean()).isFalse();
            assertThat(report.path("fit").path("how").asText()).contains("--cluster-cpus");
        }

        @Test
        @DisplayName("prod's HPAs are counted at maxReplicas, per workload")
        void hpa() throws IOException {
            Map<String, Object> v = values("prod");
            JsonNode report = profile(json(todoctl(Map.of(), "--profile", "prod", "-o", "json")), "prod");
            JsonNode api = null;
            for (JsonNode w : report.path("workloads")) {
                if (w.path("name").asText().endsWith("-api")) {
                    api = w;
                }
            }
            assertThat(api).isNotNull();
            assertThat(api.path("replicas").asInt()).isEqualTo(at(v, "api.replicas"));
            assertThat(api.path("hpa_max_replicas").asInt()).isEqualTo(at(v, "api.autoscaling.maxReplicas"));
            assertThat(cores(api.path("pod_requests"))).isEqualByComparingTo(q(at(v, "api.resources.requests.cpu")));
        }

        @Test
        @DisplayName("without --profile every profile is reported: default, dev, prod")
        void allProfiles() throws IOException {
            JsonNode doc = json(todoctl(Map.of(), "-o", "json"));
            List<String> names = new ArrayList<>();
            doc.path("profiles").forEach(p -> names.add(p.path("profile").asText()));
            assertThat(names).containsExactly("default", "dev", "prod");
            CliRun table = todoctl(Map.of());
            assertThat(table.out()).contains("== profile default").contains("== profile prod")
                    .contains("Deployment/todo-chatbot-api").contains("(HPA max 5)").contains("fit: unknown");
        }

        @Test
        @DisplayName("a request above its limit (--helm-set) is warned about")
        void requestOverLimit() throws IOException {
            JsonNode report = profile(json(todoctl(Map.of(), "--profile", "dev", "--helm-set",
                    "api.resources.requests.cpu=3", "-o", "json")), "dev");
            assertThat(report.path("warnings").toString())
                    .contains("container api requests more cpu (3) than its limit (1)");
        }

        @Test
        @DisplayName("small cluster: no fit and a warning; large cluster: fits, no warning")
        void fit() throws IOException {
            JsonNode small = profile(json(todoctl(Map.of(), "--profile", "prod", "--cluster-cpus", "500m",
                    "--cluster-memory", "512Mi", "-o", "json")), "prod");
            assertThat(small.path("fit").path("fits_at_replicas").asBoolean()).isFalse();
            assertThat(small.path("fit").path("fits_at_hpa_max").asBoolean()).isFalse();
            assertThat(small.path("warnings").toString()).contains("exceed the cluster (500m cpu, 512Mi memory)");

            JsonNode large = profile(json(todoctl(Map.of(), "--profile", "prod", "--cluster-cpus", "64",
                    "--cluster-memory", "256Gi", "-o", "json")), "prod");
            assertThat(large.path("fit").path("fits_at_replicas").asBoolean()).isTrue();
            assertThat(large.path("fit").path("fits_at_hpa_max").asBoolean()).isTrue();
            assertThat(large.path("warnings")).isEmpty();
        }

        @Test
        @DisplayName("a cluster exactly the size of prod at replicas fits now but not at HPA max")
        void fitsOnlyBeforeScaling() throws IOException {
            Expected e = Expected.of(values("prod"));
            JsonNode report = profile(json(todoctl(Map.of(), "--profile", "prod",
                    "--cluster-cpus", e.cpuAtReplicas().movePointRight(3).toBigInteger() + "m",
                    "--cluster-memory", e.memAtReplicas().toBigInteger().toString(), "-o", "json")), "prod");
            assertThat(report.path("fit").path("fits_at_replicas").asBoolean()).isTrue();
            assertThat(report.path("fit").path("fits_at_hpa_max").asBoolean()).isFalse();
            assertThat(report.path("warnings").toString()).contains("requests at HPA max");
        }
    }

    @Nested
    @DisplayName("the kube context's allocatable (fabric8 mock API server)")
    class KubeContext {
        @Test
        @DisplayName("summed over nodes, and used for the fit")
        void allocatable() throws IOException {
            KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(), false);
            server.init();
            try (KubernetesClient client = server.createClient()) {
                node(client, "node-a", "2", "4Gi");
                node(client, "node-b", "1500m", "2Gi");
                Path kubeconfig = kubeconfig(client.getConfiguration().getMasterUrl());
                JsonNode report = profile(json(todoctl(Map.of("KUBECONFIG", kubeconfig.toString()), "--profile", "prod",
                        "-o", "json")), "prod");
                JsonNode fit = report.path("fit");
                assertThat(fit.path("known").asBoolean()).as(fit.toString()).isTrue();
                assertThat(fit.path("source").asText()).contains("2 node(s)").contains("mock");
                assertThat(fit.path("cluster").path("cpu_millicores").asLong()).isEqualTo(3500);
                assertThat(fit.path("cluster").path("memory_bytes").asLong()).isEqualTo(6L << 30);
                Expected e = Expected.of(values("prod"));
                assertThat(fit.path("fits_at_hpa_max").asBoolean()).isEqualTo(
                        e.cpuAtMax().compareTo(new BigDecimal("3.5")) <= 0 && e.memAtMax().compareTo(BigDecimal.valueOf(6L << 30)) <= 0);
            } finally {
                server.destroy();
            }
        }

        @Test
        @DisplayName("an unreachable context: the fit is unknown, with how to give a size, exit 0")
        void unreachable() throws IOException {
            Path kubeconfig = kubeconfig("https://127.0.0.1:1");
            JsonNode report = profile(json(todoctl(Map.of("KUBECONFIG", kubeconfig.toString()), "--profile", "dev",
                    "-o", "json")), "dev");
            assertThat(report.path("fit").path("known").asBoolean()).isFalse();
            assertThat(report.path("fit").path("reason").asText()).contains("not reachable");
        }

        private void node(KubernetesClient client, String name, String cpu, String memory) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                    .addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity(memory))
                    .endStatus().build()).create();
        }

        private Path kubeconfig(String url) throws IOException {
            return MockCluster.writeKubeconfig(Files.createTempFile(dir, "kubeconfig-", ".yaml"), url, "mock");
        }
    }

    @Nested
    @DisplayName("missing limits")
    class MissingLimits {
        @Test
        @DisplayName("the chart's schema refuses api.resources.limits=null: exit 2 with the schema's reason")
        void schemaRefuses() {
            CliRun run = todoctl(Map.of(), "--profile", "dev", "--helm-set", "api.resources.limits=null");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("missing property 'limits'");
        }

        @Test
        @DisplayName("a chart without that schema renders without limits: warned, limits totals unbounded")
        void warned(@TempDir Path copy) throws IOException {
            // the real templates, rendered by the same Helm call, minus the schema that would refuse the values
            try (var files = Files.walk(CHART)) {
                for (Path f : files.toList()) {
                    Path target = copy.resolve(CHART.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else if (!f.getFileName().toString().equals("values.schema.json")) {
                        Files.copy(f, target);
                    }
                }
            }
            String manifest = HelmService.template(new HelmService.Request(copy, List.of(copy.resolve("values-dev.yaml")),
                    Map.of("api.resources.limits", "null"), "test"), "todo-chatbot", "default", HelmService.DEFAULT_KUBE_VERSION);
            ResourceReport report = ResourceCalculator.report("dev", RenderedWorkloads.read(manifest), Optional.empty(), "none given");
            assertThat(report.warnings()).contains(
                    "Deployment todo-chatbot-api container api has no cpu limit: it can starve its neighbours under load",
                    "Deployment todo-chatbot-api container api has no memory limit: it can take the node's memory and get other pods OOM-killed");
            assertThat(report.atReplicas().cpuLimit()).isNull();
            assertThat(report.atReplicas().memoryLimit()).isNull();

            ResourceReport healthy = ResourceCalculator.report("dev", RenderedWorkloads.read(HelmService.template(
                    new HelmService.Request(copy, List.of(copy.resolve("values-dev.yaml")), Map.of(), "test"), "todo-chatbot",
                    "default", HelmService.DEFAULT_KUBE_VERSION)), Optional.empty(), "none given");
            assertThat(healthy.warnings()).isEmpty();
            assertThat(healthy.atReplicas().cpuLimit()).isNotNull();
        }
    }

    @Nested
    @DisplayName("bad input exits 2")
    class BadInput {
        @Test
        void unknownProfile() {
            CliRun run = todoctl(Map.of(), "--profile", "staging");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("unknown profile 'staging' (the chart has: default, dev, prod)");
        }

        @ParameterizedTest(name = "--cluster-cpus {0}")
        @ValueSource(strings = {"lots", "-2", "0", "4x"})
        void badQuantity(String cpus) {
            CliRun run = todoctl(Map.of(), "--cluster-cpus", cpus, "--cluster-memory", "8Gi");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("is not a positive Kubernetes quantity");
        }

        @Test
        void onlyOneDimension() {
            CliRun run = todoctl(Map.of(), "--cluster-cpus", "4");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("go together");
        }
    }

}
