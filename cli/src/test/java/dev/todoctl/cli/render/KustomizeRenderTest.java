package dev.todoctl.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.targets.kubernetes.KubernetesReleaseTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code todoctl render --format kustomize}: the base and each overlay, built by {@link KustomizeBuild}, equal the
 * chart rendered by the embedded Helm library for the default values and each profile, object by object.
 */
@DisplayName("todoctl render --format kustomize")
class KustomizeRenderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RELEASE = "shop";
    private static final String NAMESPACE = "shop-ns";

    @TempDir
    static Path dir;
    private static Path out;

    @BeforeAll
    static void render() {
        CliRun run = cli(dir, "render", "--format", "kustomize", "-d", "out");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        out = dir.resolve("out");
    }

    private static CliRun cli(Path cwd, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "source-dir=" + KubernetesReleaseTest.repoRoot(), "--set", "release=" + RELEASE,
                "--set", "kubernetes.namespace=" + NAMESPACE));
        return CliRun.in(cwd, Map.of(), all.toArray(String[]::new));
    }

    /** The chart as Helm renders (and `helm install -n` places) it: objects by "kind/name", namespace set. */
    static Map<String, JsonNode> chart(String profile) {
        Path chart = KubernetesReleaseTest.repoRoot().resolve("charts/todo-chatbot");
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion("1.31.0");
        if (!profile.equals("base")) {
            template = template.withValuesFile(chart.resolve("values-" + profile + ".yaml"));
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(template.call())) {
            if (doc != null) {
                ObjectNode object = JSON.valueToTree(doc);
                ((ObjectNode) object.get("metadata")).put("namespace", NAMESPACE);
                objects.add(object);
            }
        }
        return byId(objects);
    }

    static Map<String, JsonNode> built(Path kustomization) {
        return byId(KustomizeBuild.build(kustomization));
    }

    /**
     * Objects by id, the chart's generated Secret values replaced by their keys' names: Helm draws them at random on
     * every render, so two renders never agree on them (checked apart: present and base64).
     */
    private static Map<String, JsonNode> byId(List<ObjectNode> objects) {
        Map<String, JsonNode> byId = new TreeMap<>();
        for (ObjectNode object : objects) {
            if (object.path("kind").asText().equals("Secret") && object.get("data") instanceof ObjectNode data) {
                for (Map.Entry<String, JsonNode> field : data.properties()) {
                    assertThat(Base64.getDecoder().decode(field.getValue().asText())).isNotEmpty();
                    field.setValue(JSON.getNodeFactory().textNode("<generated>"));
                }
            }
            String id = object.path("apiVersion").asText() + " " + object.path("kind").asText() + "/"
                    + object.path("metadata").path("name").asText();
            assertThat(byId.put(id, object)).as("duplicate %s", id).isNull();
        }
        return byId;
    }

    /** The ids whose objects differ (or exist on one side only). */
    static List<String> differences(Map<String, JsonNode> built, Map<String, JsonNode> expected) {
        return Stream.concat(built.keySet().stream(), expected.keySet().stream()).distinct()
                .filter(id -> !java.util.Objects.equals(built.get(id), expected.get(id))).sorted().toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "dev", "prod"})
    @DisplayName("building base / overlays/dev / overlays/prod gives the chart's objects for the default values / dev / prod")
    void buildsToTheChart(String profile) {
        Path kustomization = profile.equals("base") ? out.resolve("base") : out.resolve("overlays/" + profile);
        Map<String, JsonNode> built = built(kustomization);
        Map<String, JsonNode> expected = chart(profile);
        assertThat(built.keySet()).isEqualTo(expected.keySet());
        expected.forEach((id, object) -> assertThat(built.get(id)).as(id).isEqualTo(object));
    }

    @Test
    @DisplayName("the overlays use all three kinds of entries: patches, profile-only resources, deletions")
    void overlayShape() throws IOException {
        String prod = Files.readString(out.resolve("overlays/prod/kustomization.yaml"));
        String dev = Files.readString(out.resolve("overlays/dev/kustomization.yaml"));
        assertThat(prod).startsWith("# generated by `todoctl render --format kustomize`").contains("namespace: " + NAMESPACE)
                .contains("- ../../base").contains("patches/deployment-shop-todo-chatbot-api.yaml")
                // prod-only objects (HPA, ServiceMonitor, the Grafana dashboard) are resources of the overlay
                .contains("- horizontalpodautoscaler-shop-todo-chatbot-api.yaml")
                .contains("- configmap-shop-todo-chatbot-api-dashboard.yaml");
        // dev turns the default PDBs off: deleted
        assertThat(dev).contains("patches/delete-poddisruptionbudget-shop-todo-chatbot-api.yaml");
        assertThat(Files.readString(out.resolve("overlays/dev/patches/delete-poddisruptionbudget-shop-todo-chatbot-api.yaml")))
                .contains("$patch: delete");
        // the overlays patch only what differs: no patch for an object equal in both renders
        assertThat(out.resolve("overlays/prod/patches/service-shop-todo-chatbot-web.yaml")).doesNotExist();
        assertThat(Files.readString(out.resolve("overlays/prod/patches/deployment-shop-todo-chatbot-api.yaml")))
                .contains("op: replace").contains("path: /spec/replicas");
    }

    @Test
    @DisplayName("the comparison bites: an overlay missing one patch differs from the chart in exactly that object")
    void comparisonBites(@TempDir Path copy) throws IOException {
        dev.todoctl.chart.RenderedChart.copyChart(out, copy);
        Path kustomization = copy.resolve("overlays/prod/kustomization.yaml");
        String text = Files.readString(kustomization);
        String entry = "- path: patches/deployment-shop-todo-chatbot-api.yaml\n";
        int start = text.indexOf("  " + entry);
        assertThat(start).isPositive();
        int end = text.indexOf("  - path:", start + 1);
        Files.writeString(kustomization, text.substring(0, start) + (end < 0 ? "" : text.substring(end)));

        assertThat(differences(built(copy.resolve("overlays/prod")), chart("prod")))
                .containsExactly("apps/v1 Deployment/shop-todo-chatbot-api");
    }

    @Nested
    @DisplayName("bad input: exit 2, nothing written")
    class BadInput {
        @Test
        @DisplayName("no --output-dir")
        void noDir(@TempDir Path cwd) throws IOException {
            CliRun run = cli(cwd, "render", "--format", "kustomize");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("--output-dir is required");
            assertThat(run.out()).isEmpty();
            try (var files = Files.list(cwd)) {
                assertThat(files.toList()).isEmpty();
            }
        }

        @Test
        @DisplayName("a non-empty --output-dir without --force is refused untouched; with --force base/ and overlays/ are replaced")
        void nonEmptyDir(@TempDir Path cwd) throws IOException {
            Path target = cwd.resolve("deploy");
            Files.createDirectories(target.resolve("base"));
            Files.writeString(target.resolve("notes.txt"), "mine");
            Files.writeString(target.resolve("base/stale.yaml"), "old");

            CliRun refused = cli(cwd, "render", "--format", "kustomize", "-d", "deploy");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.err()).contains("is not empty; nothing was written").contains("--force");
            try (var files = Files.walk(target)) {
                assertThat(files.filter(Files::isRegularFile).map(f -> target.relativize(f).toString()).toList())
                        .containsExactlyInAnyOrder("notes.txt", "base/stale.yaml");
            }

            CliRun forced = cli(cwd, "render", "--format", "kustomize", "-d", "deploy", "--force");
            assertThat(forced.exitCode()).as(forced.toString()).isZero();
            assertThat(target.resolve("notes.txt")).hasContent("mine");
            assertThat(target.resolve("base/stale.yaml")).doesNotExist();
            assertThat(target.resolve("overlays/prod/kustomization.yaml")).exists();
        }

        @Test
        @DisplayName("an --output-dir that is a file")
        void dirIsAFile(@TempDir Path cwd) throws IOException {
            Files.writeString(cwd.resolve("deploy"), "x");
            CliRun run = cli(cwd, "render", "--format", "kustomize", "-d", "deploy");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(cwd.resolve("deploy")).hasContent("x");
        }

        @Test
        @DisplayName("an unknown --format")
        void unknownFormat(@TempDir Path cwd) throws IOException {
            CliRun run = cli(cwd, "render", "--format", "kustomise", "-d", "deploy");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("kustomise").contains("helm, compose, kustomize");
            assertThat(cwd.resolve("deploy")).doesNotExist();
        }
    }
}
