package dev.todoctl.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The chart rendered by the real (embedded) Helm library and parsed into fabric8's Kubernetes
 * model types, with unknown fields rejected (see {@link StrictModel}). Public for the image tests,
 * which run the chart's scripts (wait-for-database, the helm test pod) against real containers.
 */
public record RenderedChart(String manifest, List<HasMetadata> objects) {

    public static final String RELEASE = "todo";
    static final String NAMESPACE = "todo-test";
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** The chart directory, found from the working directory (the cli module or the repository root). */
    static Path chartDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path chart = dir.resolve("charts/todo-chatbot");
            if (Files.isRegularFile(chart.resolve("Chart.yaml"))) {
                return chart;
            }
        }
        throw new IllegalStateException("charts/todo-chatbot not found above " + Path.of("").toAbsolutePath());
    }

    /** Renders a profile: "default", or "dev"/"prod" for values-dev.yaml/values-prod.yaml. */
    static RenderedChart render(String profile, Map<String, Object> sets) {
        return render(chartDir(), profile, sets);
    }

    static RenderedChart render(Path chart, String profile, Map<String, Object> sets) {
        return render(chart, profile, sets, "1.31.0");
    }

    /** Rendered for a given Kubernetes version, as Helm does for a cluster of that version. */
    static RenderedChart render(Path chart, String profile, Map<String, Object> sets, String kubeVersion) {
        TemplateCommand template = new Helm(chart).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(kubeVersion);
        if (!"default".equals(profile)) {
            template = template.withValuesFile(chart.resolve("values-" + profile + ".yaml"));
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return parse(template.call());
    }

    /** The chart's dev supervisor script (the bash that is PID 1 of a {@code todoctl dev} pod), as rendered. */
    public static String devSupervisor() {
        return render("default", ChartTest.Profiles.devSets(List.of("java")))
                .one(io.fabric8.kubernetes.api.model.apps.Deployment.class, fullname("api")).getSpec().getTemplate()
                .getSpec().getContainers().getFirst().getCommand().get(2);
    }

    static RenderedChart render(String profile) {
        return render(profile, Map.of());
    }

    /**
     * Renders with the hook objects too. helm-java's template returns the release manifest,
     * which leaves out hooks (the `helm test` pod); a copy of the chart with the hook
     * annotation renamed to {@link #HOOK_ANNOTATION} shows them as plain objects.
     */
    public static RenderedChart renderWithHooks(String profile, Map<String, Object> sets) {
        Path copy = null;
        try {
            copy = Files.createTempDirectory("todo-chatbot-chart");
            copyChart(chartDir(), copy);
            try (var tests = Files.list(copy.resolve("templates/tests"))) {
                for (Path template : tests.toList()) {
                    Files.writeString(template, Files.readString(template).replace("helm.sh/hook:", HOOK_ANNOTATION + ":"));
                }
            }
            return render(copy, profile, sets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            dev.todoctl.cli.TempTrees.delete(copy);
        }
    }

    static final String HOOK_ANNOTATION = "test.todoctl.dev/helm-hook";

    /** Copies a directory tree (the chart, or any other). */
    public static void copyChart(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static RenderedChart renderWithValuesFile(Path valuesFile) {
        Path chart = chartDir();
        return parse(new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion("1.31.0").withValuesFile(valuesFile).call());
    }

    static RenderedChart parse(String manifest) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifest)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new AssertionError("not a Kubernetes object: " + document);
            }
            objects.add(object);
        }
        return new RenderedChart(manifest, List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> T one(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " named " + name + " in " + names()));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    List<GenericKubernetesResource> generic() {
        return all(GenericKubernetesResource.class);
    }

    List<String> names() {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }

    public static String fullname(String component) {
        return RELEASE + "-todo-chatbot-" + component;
    }

    static Path writeTemp(String name, String content) {
        try {
            Path file = Files.createTempFile(name, ".yaml");
            Files.writeString(file, content);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
