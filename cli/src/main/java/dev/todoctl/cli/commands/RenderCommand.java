package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.targets.kubernetes.HelmService;
import dev.todoctl.cli.render.ComposeRenderer;
import dev.todoctl.cli.render.ManifestFiles;
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
                + "template with --output-dir, else on stdout), or with --format compose a docker-compose file of the "
                + "same stack from the same values.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl render --profile prod --output-dir out/", "  todoctl render --format compose > compose.yaml",
                "  todoctl render --helm-set api.replicas=2 | kubectl apply --dry-run=client -f -"})
public final class RenderCommand extends TodoctlCommand {
    enum Format { helm, compose }

    @Mixin
    ConfigOptions config;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "helm",
            description = "helm (Kubernetes manifests, default) or compose. Valid values: ${COMPLETION-CANDIDATES}")
    Format format;

    @Option(names = {"-d", "--output-dir"}, paramLabel = "DIR", description = "Write files here instead of stdout.")
    Path outputDir;

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
        if (format == Format.compose) {
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
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey()).normalize();
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
                console().info("wrote " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
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
