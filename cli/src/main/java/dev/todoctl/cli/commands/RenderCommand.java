package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.targets.kubernetes.HelmService;
import dev.todoctl.cli.chart.ChartProfiles;
import dev.todoctl.cli.render.ComposeRenderer;
import dev.todoctl.cli.render.KustomizeRenderer;
import dev.todoctl.cli.render.ManifestFiles;
import dev.todoctl.cli.render.OutputDirectory;
import dev.todoctl.cli.chart.ChartValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Command(name = "render", sortOptions = false,
        description = "Render the deployment without a cluster: the Helm chart's manifests as plain YAML (one file per "
                + "template with --output-dir, else on stdout), with --format compose a docker-compose file of the "
                + "same stack from the same values, or with --format kustomize a kustomize base (the default values) and "
                + "one overlay per profile (overlays/dev, overlays/prod) that builds to the chart's output for it.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl render --profile prod --output-dir out/", "  todoctl render --format compose > compose.yaml",
                "  todoctl render --format kustomize -d deploy/ && kubectl apply -k deploy/overlays/prod",
                "  todoctl render --helm-set api.replicas=2 | kubectl apply --dry-run=client -f -"})
public final class RenderCommand extends TodoctlCommand {
    enum Format { helm, compose, kustomize }

    private static final List<String> KUSTOMIZE_OWNED = List.of("base", "overlays");

    @Mixin
    ConfigOptions config;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "helm",
            description = "helm (Kubernetes manifests, default), compose, or kustomize (needs --output-dir; every "
                    + "profile, --profile aside). Valid values: ${COMPLETION-CANDIDATES}")
    Format format;

    @Option(names = {"-d", "--output-dir"}, paramLabel = "DIR", description = "Write files here instead of stdout.")
    Path outputDir;

    @Option(names = "--force", description = "With --format kustomize: write into a non-empty --output-dir, replacing "
            + "its base/ and overlays/ directories.")
    boolean force;

    @Option(names = "--helm-set", paramLabel = "KEY=VALUE", description = "A chart value, as helm --set; repeatable.")
    Map<String, String> helmSets = new LinkedHashMap<>();

    @Option(names = "--kube-version", paramLabel = "VERSION", defaultValue = HelmService.DEFAULT_KUBE_VERSION,
            description = "Kubernetes version to render for (default ${DEFAULT-VALUE}).")
    String kubeVersion;

    @Override
    protected int run() {
        TodoctlConfig cfg = loadConfig(config.request(Map.of()));
        Path chart = cfg.sourceDir().map(d -> d.resolve(cfg.images().chart())).orElseThrow(() -> TodoctlException.usage(
                "cannot find the checkout holding " + cfg.images().chart(), "run todoctl inside the checkout or set source-dir"));
        Path profileValues = chart.resolve("values-" + cfg.profile() + ".yaml");
        Map<String, String> files = new LinkedHashMap<>();
        Path kustomizeDir = format == Format.kustomize ? kustomizeDir() : null;
        if (format == Format.kustomize) {
            files.putAll(kustomize(cfg, chart));
        } else if (format == Format.compose) {
            ChartValues values = ComposeRenderer.withSets(ChartValues.read(chart, cfg.profile()), helmSets);
            String appVersion = appVersion(chart);
            files.put("compose.yaml", ComposeRenderer.render(values, cfg.release(), appVersion));
        } else {
            String manifest = HelmService.template(new HelmService.Request(chart,
                    Files.isRegularFile(profileValues) ? List.of(profileValues) : List.of(), helmSets, "render"),
                    cfg.release(), cfg.kubernetes().namespace(), kubeVersion);
            files.putAll(ManifestFiles.split(manifest));
        }
        if (outputDir == null) {
            files.forEach((name, text) -> console().result().print((files.size() > 1 ? "---\n" : "") + text));
            console().result().flush();
            return 0;
        }
        Path dir = env().cwd().resolve(outputDir);
        try {
            if (kustomizeDir != null && force) {
                OutputDirectory.clear(dir, KUSTOMIZE_OWNED);
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey()).normalize();
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
                if (kustomizeDir == null) {
                    console().info("wrote " + target);
                }
            }
            if (kustomizeDir != null) {
                console().info("wrote " + files.size() + " files: " + dir.resolve("base") + " and "
                        + files.keySet().stream().filter(f -> f.startsWith("overlays/") && f.endsWith("/kustomization.yaml"))
                        .map(f -> dir.resolve(f).getParent().toString()).collect(java.util.stream.Collectors.joining(", "))
                        + " (kubectl apply -k " + dir.resolve("overlays") + "/<profile>)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    /** The output directory of --format kustomize: given, and empty unless --force. Checked before rendering. */
    private Path kustomizeDir() {
        if (outputDir == null) {
            throw TodoctlException.usage("--format kustomize writes a directory tree: --output-dir is required",
                    "todoctl render --format kustomize -d deploy/");
        }
        Path dir = env().cwd().resolve(outputDir);
        OutputDirectory.requireWritable(dir, force, KUSTOMIZE_OWNED);
        return dir;
    }

    /** base/ from the default values, an overlay per profile file of the chart (values-<name>.yaml). */
    private Map<String, String> kustomize(TodoctlConfig cfg, Path chart) {
        String namespace = cfg.kubernetes().namespace();
        Map<String, String> profiles = new LinkedHashMap<>();
        String base = null;
        for (Map.Entry<String, List<Path>> profile : ChartProfiles.available(chart).entrySet()) {
            String manifest = HelmService.template(new HelmService.Request(chart, profile.getValue(), helmSets, "render"),
                    cfg.release(), namespace, kubeVersion);
            if (ChartProfiles.DEFAULT.equals(profile.getKey())) {
                base = manifest;
            } else {
                profiles.put(profile.getKey(), manifest);
            }
        }
        return KustomizeRenderer.render(base, profiles, namespace, "generated by `todoctl render --format kustomize` from "
                + chart.getFileName() + " " + appVersion(chart) + ", release " + cfg.release() + ", namespace " + namespace);
    }

    private static String appVersion(Path chart) {
        try {
            Object meta = new org.yaml.snakeyaml.Yaml().load(Files.readString(chart.resolve("Chart.yaml")));
            return meta instanceof Map<?, ?> m ? String.valueOf(Optional.ofNullable(m.get("appVersion")).orElse("latest")) : "latest";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
