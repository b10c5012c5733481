package dev.todoctl.cli.targets.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.UpgradeCommand;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.platform.Signals;
import dev.todoctl.cli.outcome.TodoctlException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The embedded Helm (helm-java) for one release, like JKube's HelmService: install/upgrade, template, uninstall —
 * plus what helm-java lacks, read from and written to Helm's own release Secrets: history and rollback.
 *
 * <p>Every Helm call goes through {@link #helm}: Helm's errors arrive as IllegalStateException with Helm's text
 * and leave as a {@link TodoctlException}. A panic in Helm's Go code would end the JVM, so inputs known to cause
 * one (a missing chart directory, a null {@code --set} value, an empty kubeconfig) are refused before the call.
 */
public final class HelmService {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code force}: replace objects instead of Helm's three-way strategic merge patch, and no OpenAPI validation.
     * Only for API servers that support neither (fabric8's mock server in the tests); real clusters get Helm's
     * normal behaviour.
     */
    public record Options(boolean force) {
        public static Options standard() {
            return new Options(false);
        }
    }

    /** An upgrade --install request: chart, values files (profile), plain --set values, a description. */
    public record Request(Path chart, List<Path> valuesFiles, Map<String, String> sets, String description) {
        public Request {
            valuesFiles = List.copyOf(valuesFiles);
            sets = Map.copyOf(sets);
        }

        /** The same request with one more (or a replaced) {@code --set}. */
        public Request withSet(String key, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(sets);
            more.put(key, value);
            return new Request(chart, valuesFiles, more, description);
        }
    }

    private final KubeAccess kube;
    private final String release;
    private final Options options;

    public HelmService(KubeAccess kube, String release, Options options) {
        this.kube = kube;
        this.release = release;
        this.options = options;
    }

    public String release() {
        return release;
    }

    public KubeAccess kube() {
        return kube;
    }

    /** Kubernetes version assumed when rendering without a cluster ({@code todoctl render}). */
    public static final String DEFAULT_KUBE_VERSION = "1.31.0";

    /**
     * Renders offline for the given Kubernetes version (the chart's kubeVersion constraint is checked against it);
     * fails with exit 2 when the values break the chart's schema, before anything is changed.
     */
    public String template(Request request, String kubeVersion) {
        return template(request, release, kube.namespace(), kubeVersion);
    }

    /** The same without any cluster ({@code todoctl render}). */
    public static String template(Request request, String release, String namespace, String kubeVersion) {
        checkChart(request.chart());
        TemplateCommand template = new Helm(request.chart()).template().withName(release).withNamespace(namespace)
                .withKubeVersion(kubeVersion);
        for (Path values : request.valuesFiles()) {
            template = template.withValuesFile(values);
        }
        for (Map.Entry<String, String> set : request.sets().entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        TemplateCommand t = template;
        try {
            return t.call();
        } catch (IllegalStateException e) {
            String text = e.getMessage().strip();
            if (text.contains("chart requires kubeVersion")) {
                // Not the values' fault: the chart's Chart.yaml kubeVersion range excludes this Kubernetes.
                throw new TodoctlException(Phase.USAGE, "the chart does not support Kubernetes " + kubeVersion + ": "
                        + text, List.of("render for a version in the chart's range (Chart.yaml kubeVersion): --kube-version",
                        "or deploy to a cluster of a supported version"), e);
            }
            throw new TodoctlException(Phase.USAGE, "the chart does not accept these values: " + text,
                    List.of("fix the values (values.schema.json says what is allowed); `todoctl render` shows the result"), e);
        } finally {
            Signals.reclaim();
        }
    }

    /** The API server's version, e.g. {@code v1.31.0}. */
    public String serverVersion() {
        try (KubernetesClient client = kube.client()) {
            return client.getKubernetesVersion().getGitVersion();
        }
    }

    /** {@code helm upgrade --install}: a new revision (or the first one). */
    public Release upgradeInstall(Request request) {
        checkChart(request.chart());
        return withKubeconfig(kubeconfig -> upgradeInstall(request, kubeconfig));
    }

    private Release upgradeInstall(Request request, Path kubeconfig) {
        UpgradeCommand upgrade = new Helm(request.chart()).upgrade().install().withName(release)
                .withNamespace(kube.namespace()).withKubeConfig(kubeconfig)
                .withDescription(request.description());
        if (options.force()) {
            upgrade = upgrade.force().disableOpenApiValidation();
        }
        for (Path values : request.valuesFiles()) {
            upgrade = upgrade.withValuesFile(values);
        }
        for (Map.Entry<String, String> set : request.sets().entrySet()) {
            upgrade = upgrade.set(set.getKey(), set.getValue());
        }
        UpgradeCommand u = upgrade;
        return helm(Phase.DEPLOY, "helm upgrade --install of " + release + " failed", u::call,
                "see `todoctl history` and `todoctl status`", "the last good revision is still there: `todoctl rollback`");
    }

    public void uninstall() {
        withKubeconfig(kubeconfig -> helm(Phase.DEPLOY, "helm uninstall of " + release + " failed",
                () -> Helm.uninstall(release).withNamespace(kube.namespace()).withKubeConfig(kubeconfig)
                        .ignoreNotFound().call(), "check the cluster with `kubectl get all -n " + kube.namespace() + "`"));
    }

    /** All revisions, oldest first, read from Helm's release Secrets. */
    public List<ReleaseRecord> history() {
        try (KubernetesClient client = kube.client()) {
            return history(client);
        }
    }

    List<ReleaseRecord> history(KubernetesClient client) {
        List<ReleaseRecord> records = new ArrayList<>();
        for (Secret secret : releaseSecrets(client)) {
            records.add(ReleaseRecord.decode(secret.getData().get("release")));
        }
        records.sort(Comparator.comparingInt(ReleaseRecord::revision));
        return records;
    }

    /** Helm's release Secrets of this release (any order). */
    private List<Secret> releaseSecrets(KubernetesClient client) {
        return client.secrets().inNamespace(kube.namespace()).withLabel("owner", "helm").withLabel("name", release)
                .list().getItems().stream()
                .filter(s -> s.getData() != null && s.getData().get("release") != null
                        && s.getMetadata().getName().startsWith(secretPrefix()))
                .toList();
    }

    private String secretPrefix() {
        return "sh.helm.release.v1." + release + ".v";
    }

    public Optional<ReleaseRecord> current() {
        try (KubernetesClient client = kube.client()) {
            return current(client);
        }
    }

    /** With the caller's client: each client builds its own HTTP client and TLS context (status, profiled with JFR: 26 of its
     * main thread's 86 samples went to building three). */
    Optional<ReleaseRecord> current(KubernetesClient client) {
        // Only the newest revision is decoded (its number is the Secret name's suffix, as Helm names them): each
        // record is the gzipped chart, values and manifest, and decoding every revision was most of the CPU that
        // `status` spent on them. A Secret whose suffix is no number falls back to decoding them all.
        List<Secret> secrets = releaseSecrets(client);
        if (secrets.stream().anyMatch(s -> revisionOf(s) < 0)) {
            List<ReleaseRecord> all = history(client);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
        }
        return secrets.stream().max(Comparator.comparingInt(this::revisionOf))
                .map(s -> ReleaseRecord.decode(s.getData().get("release")));
    }

    private int revisionOf(Secret secret) {
        String suffix = secret.getMetadata().getName().substring(secretPrefix().length());
        return suffix.matches("[0-9]{1,9}") ? Integer.parseInt(suffix) : -1;
    }

    /** The last good (deployed or superseded) revision before {@code revision}, as Helm's rollback picks it. */
    public Optional<ReleaseRecord> lastGoodBefore(int revision) {
        return history().stream().filter(r -> r.revision() < revision && r.good())
                .max(Comparator.comparingInt(ReleaseRecord::revision));
    }

    /** Rewrites a revision's status in its Secret, as Helm does when it marks a release failed. */
    public void markStatus(int revision, String status, String description) {
        try (KubernetesClient client = kube.client()) {
            String name = ReleaseRecord.secretName(release, revision);
            Secret secret = client.secrets().inNamespace(kube.namespace()).withName(name).get();
            if (secret == null) {
                return;
            }
            ReleaseRecord updated = ReleaseRecord.decode(secret.getData().get("release")).withStatus(status, description);
            secret.getData().put("release", updated.encode());
            secret.getMetadata().getLabels().put("status", status);
            client.secrets().inNamespace(kube.namespace()).resource(secret).update();
        }
    }

    /**
     * Helm's rollback, which helm-java lacks: a new revision made from revision {@code target}'s own chart and
     * values (not today's chart on disk), described "Rollback to N". The chart is written out of the release
     * record into a temporary directory for the duration of the upgrade; the values in a release record are the
     * non-secret ones only (secrets reach the app through a Secret of their own, never through Helm values).
     */
    public Release rollbackTo(ReleaseRecord target) {
        return upgradeFrom(target, Map.of(), "Rollback to " + target.revision(), Phase.ROLLBACK,
                "rollback of " + release + " to revision " + target.revision() + " failed");
    }

    /**
     * {@code helm upgrade --reuse-values --set k=v} of the current revision: its chart and values with {@code sets}
     * on top, described "Set k=v". Secrets are untouched (they never pass through Helm values).
     */
    public Release setValues(ReleaseRecord current, Map<String, String> sets) {
        String description = "Set " + String.join(", ", sets.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        return upgradeFrom(current, sets, description, Phase.DEPLOY, "helm upgrade of " + release + " failed");
    }

    private Release upgradeFrom(ReleaseRecord record, Map<String, String> sets, String description, Phase phase,
                                String failure) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("todoctl-upgrade-");
            Path chart = writeChart(record.chart(), dir.resolve("chart"));
            Path values = dir.resolve("values.yaml");
            Files.writeString(values, yaml(record.config()));
            return withKubeconfig(kubeconfig -> {
                UpgradeCommand upgrade = new Helm(chart).upgrade().withName(release).withNamespace(kube.namespace())
                        .withKubeConfig(kubeconfig).withValuesFile(values).withDescription(description);
                if (options.force()) {
                    upgrade = upgrade.force().disableOpenApiValidation();
                }
                for (Map.Entry<String, String> set : sets.entrySet()) {
                    upgrade = upgrade.set(set.getKey(), set.getValue());
                }
                UpgradeCommand u = upgrade;
                return helm(phase, failure, u::call, "see `todoctl history`");
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    /** Chart.yaml, values.yaml, values.schema.json, templates and files, as Helm's chart JSON holds them. */
    static Path writeChart(JsonNode chart, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> metadata = JSON.convertValue(chart.path("metadata"), new com.fasterxml.jackson.core.type.TypeReference<>() {
        });
        Files.writeString(dir.resolve("Chart.yaml"), yaml(metadata));
        Map<String, Object> values = chart.path("values").isObject()
                ? JSON.convertValue(chart.path("values"), new com.fasterxml.jackson.core.type.TypeReference<>() {
                }) : Map.of();
        Files.writeString(dir.resolve("values.yaml"), yaml(values));
        if (chart.hasNonNull("schema")) {
            Files.write(dir.resolve("values.schema.json"), Base64.getDecoder().decode(chart.path("schema").asText()));
        }
        for (String list : List.of("templates", "files")) {
            for (JsonNode file : chart.path(list)) {
                Path target = dir.resolve(file.path("name").asText()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException("chart file outside the chart: " + file.path("name").asText());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, Base64.getDecoder().decode(file.path("data").asText()));
            }
        }
        return dir;
    }

    /** Creates or replaces a Secret with the given keys; its values never pass through Helm, logs or disk. */
    public void applySecret(String name, Map<String, String> data) {
        try (KubernetesClient client = kube.client()) {
            ensureNamespace(client);
            Secret secret = new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName(name)
                    .withNamespace(kube.namespace()).addToLabels("app.kubernetes.io/instance", release)
                    .addToLabels("app.kubernetes.io/managed-by", "todoctl").endMetadata().withType("Opaque")
                    .withData(base64(data)).build();
            client.secrets().inNamespace(kube.namespace()).resource(secret).createOr(existing -> existing.update());
        }
    }

    private static Map<String, String> base64(Map<String, String> data) {
        Map<String, String> encoded = new java.util.LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return encoded;
    }

    public void ensureNamespace() {
        try (KubernetesClient client = kube.client()) {
            ensureNamespace(client);
        }
    }

    private void ensureNamespace(KubernetesClient client) {
        if (client.namespaces().withName(kube.namespace()).get() == null) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName(kube.namespace()).endMetadata().build()).create();
        }
    }

    /**
     * Runs a Helm call with the connection written as a kubeconfig file, as JKube's HelmService does: a temporary
     * file created 0600 (it may hold a token or a client key), deleted as soon as the call returns. (helm-java's
     * {@code withKubeConfigContents} is ignored by its 0.0.21 native side: Helm then dials localhost:8080.)
     */
    private <T> T withKubeconfig(java.util.function.Function<Path, T> call) {
        if (kube.config().getMasterUrl() == null || kube.config().getMasterUrl().isBlank()) {
            throw new TodoctlException(Phase.USAGE, "the kube context has no API server URL", List.of("check the kubeconfig"));
        }
        Path file = null;
        try {
            file = Files.createTempFile("todoctl-kubeconfig-", ".yaml", java.nio.file.attribute.PosixFilePermissions
                    .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, kube.kubeconfigForHelm());
            return call.apply(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // left in the temp directory, readable by its owner only
                }
            }
        }
    }

    private static void checkChart(Path chart) {
        if (chart == null || !Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw TodoctlException.usage("no Helm chart at " + chart, "run todoctl from the checkout (charts/todo-chatbot)",
                    "or set source-dir");
        }
    }

    private static <T> T helm(Phase phase, String what, Supplier<T> call, String... fixes) {
        try {
            return call.get();
        } catch (IllegalStateException e) {
            throw new TodoctlException(phase, what + ": " + e.getMessage().strip(), List.of(fixes), e);
        } finally {
            Signals.reclaim(); // Helm's Go code took SIGINT/SIGTERM
        }
    }

    static String yaml(Object value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(value);
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary copy of a chart, nothing secret
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
