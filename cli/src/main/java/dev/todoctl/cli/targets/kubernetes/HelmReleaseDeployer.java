package dev.todoctl.cli.targets.kubernetes;

import com.marcnuri.helm.Release;
import dev.todoctl.cli.build.Artifact;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.deploy.ReleaseDeployer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code helm upgrade --install} of charts/todo-chatbot with the profile's values file, the built image and the
 * user's {@code --set}s. The values are checked against the chart's schema offline first (exit 2, nothing
 * installed). When the rendered manifest equals the deployed revision's, nothing is redeployed.
 *
 * <p>Secret material (API keys from the environment or a {@code .env} file) goes into a Secret of its own,
 * created through the Kubernetes API and referenced by name ({@code secrets.chatProviderSecret}). It is never a
 * Helm value: Helm would store values in every revision's release record, and helm-java hands {@code --set}
 * values over as call arguments — so secrets never reach Helm, a file, or the output.
 */
public final class HelmReleaseDeployer implements ReleaseDeployer {
    /**
     * What to deploy besides the build: the chart, profile values file, extra --sets, secret env, and values that
     * need YAML's types (lists: {@code todoctl dev}'s java commands), given to Helm as a file after the profile's.
     */
    public record Plan(Path chart, Optional<Path> profileValues, Map<String, String> sets, Map<String, String> secrets,
                       Map<String, Object> values) {
        public Plan {
            sets = Map.copyOf(sets);
            secrets = Map.copyOf(secrets);
            values = Map.copyOf(values);
        }

        public Plan(Path chart, Optional<Path> profileValues, Map<String, String> sets, Map<String, String> secrets) {
            this(chart, profileValues, sets, secrets, Map.of());
        }
    }

    private final HelmService helm;
    private final Plan plan;
    private final Consumer<String> progress;

    public HelmReleaseDeployer(HelmService helm, Plan plan, Consumer<String> progress) {
        this.helm = helm;
        this.plan = plan;
        this.progress = progress;
    }

    public String secretName() {
        return helm.release() + "-todoctl-secrets";
    }

    @Override
    public DeployResult deploy(BuildResult build) {
        Map<String, String> images = new LinkedHashMap<>();
        for (Artifact artifact : build.artifacts()) {
            imageSets(artifact.name(), pinned(artifact, build.pushed())).forEach(images::put);
        }
        Map<String, String> sets = new LinkedHashMap<>();
        if (!plan.secrets().isEmpty()) {
            sets.put("secrets.chatProviderSecret", secretName());
        }
        sets.putAll(plan.sets());
        Path imageValues = valuesFile(images);
        Optional<Path> extraValues = plan.values().isEmpty() ? Optional.empty() : Optional.of(treeFile(plan.values()));
        try {
            List<Path> valuesFiles = new ArrayList<>(plan.profileValues().filter(Files::isRegularFile).stream().toList());
            extraValues.ifPresent(valuesFiles::add);
            valuesFiles.add(imageValues);
            DeployResult result = deploy(new HelmService.Request(plan.chart(), valuesFiles, sets, "todoctl deploy"));
            List<String> evidence = new ArrayList<>(result.evidence());
            images.forEach((k, v) -> evidence.add(k + "=" + v));
            return new DeployResult(result.release(), result.revision(), result.changed(), result.duration(), evidence);
        } finally {
            try {
                Files.deleteIfExists(imageValues);
                if (extraValues.isPresent()) {
                    Files.deleteIfExists(extraValues.get());
                }
            } catch (IOException e) {
                // temporary files with image names and java commands, nothing secret
            }
        }
    }

    private DeployResult deploy(HelmService.Request request) {
        Map<String, String> sets = request.sets();
        String manifest = helm.template(request, helm.serverVersion());
        List<String> evidence = new ArrayList<>();
        Optional<ReleaseRecord> current = helm.current();
        if (current.isPresent() && "deployed".equals(current.get().status())
                && comparable(current.get().manifest()).equals(comparable(manifest))) {
            return new DeployResult(helm.release(), current.get().revision(), false, Duration.ZERO,
                    List.of("rendered manifest equals revision " + current.get().revision() + "'s"));
        }
        helm.ensureNamespace();
        if (!plan.secrets().isEmpty()) {
            helm.applySecret(secretName(), plan.secrets());
            evidence.add("secret " + secretName() + " with " + String.join(", ", plan.secrets().keySet().stream().sorted().toList()));
        }
        progress.accept("helm upgrade --install " + helm.release() + " (namespace " + helm.kube().namespace() + ")");
        // Against the cluster (not the offline render above, where helm-java fails on any lookup): a reinstall after
        // `down` reuses the Secret the chart kept, whose database password the kept volume was initialised with.
        Release release = helm.upgradeInstall(request.withSet("secrets.lookupOnInstall", "true"));
        int revision = Integer.parseInt(release.getRevision());
        evidence.add("revision " + revision + " " + release.getStatus() + ", chart " + release.getChart());
        sets.forEach((k, v) -> evidence.add("--set " + k + "=" + v));
        return new DeployResult(helm.release(), revision, true, Duration.ZERO, evidence);
    }

    /**
     * What the nodes should run: with {@code --push}, the digest the registry confirmed for the artifact's tag
     * ({@code repo@sha256:..}), so a tag moved in the registry afterwards cannot change what runs; else the tag.
     */
    static String pinned(Artifact artifact, List<String> pushed) {
        String reference = artifact.reference();
        return pushed.stream().filter(p -> p.startsWith(reference + "@")).findFirst()
                .map(p -> reference.substring(0, reference.lastIndexOf(':')) + p.substring(reference.length()))
                .orElse(reference);
    }

    /**
     * The image values as a values file rather than {@code --set}: Helm's {@code --set} turns an all-digit tag (a
     * git short sha such as {@code 1234567}) into a number, which the chart's schema refuses; YAML keeps it a string.
     */
    static Path valuesFile(Map<String, String> flat) {
        Map<String, Object> tree = new LinkedHashMap<>();
        flat.forEach((key, value) -> {
            Map<String, Object> node = tree;
            String[] parts = key.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
                node = child;
            }
            node.put(parts[parts.length - 1], value);
        });
        return treeFile(tree);
    }

    private static Path treeFile(Map<String, Object> tree) {
        try {
            Path file = Files.createTempFile("todoctl-values-", ".yaml");
            Files.writeString(file, HelmService.yaml(tree));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code repo[:tag]} (or {@code repo@sha256:..}) as the chart's image values of the artifact's component
     * ({@code api} or {@code web}); an artifact of another name (one image for both roles) sets both.
     */
    static Map<String, String> imageSets(String name, String reference) {
        Map<String, String> sets = new LinkedHashMap<>();
        String repo = reference;
        String tag = "";
        String digest = "";
        int at = reference.indexOf('@');
        if (at > 0) {
            repo = reference.substring(0, at);
            digest = reference.substring(at + 1);
        } else {
            int colon = reference.lastIndexOf(':');
            if (colon > reference.lastIndexOf('/')) {
                repo = reference.substring(0, colon);
                tag = reference.substring(colon + 1);
            }
        }
        for (String component : List.of("api", "web").contains(name) ? List.of(name) : List.of("api", "web")) {
            sets.put(component + ".image.repository", repo);
            if (!tag.isEmpty()) {
                sets.put(component + ".image.tag", tag);
            }
            if (!digest.isEmpty()) {
                sets.put(component + ".image.digest", digest);
            }
        }
        return sets;
    }

    /** The manifest without the generated Secret, whose random values differ on every offline render. */
    static String comparable(String manifest) {
        StringBuilder sb = new StringBuilder();
        for (String doc : manifest.split("(?m)^---\\s*$")) {
            if (!doc.contains("\nkind: Secret") && !doc.isBlank()) {
                sb.append(doc.strip()).append("\n---\n");
            }
        }
        return sb.toString();
    }
}
