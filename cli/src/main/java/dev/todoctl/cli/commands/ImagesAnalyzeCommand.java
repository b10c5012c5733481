package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.ExitCodes;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.ArtifactBuilder;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.ops.images.ByteSize;
import dev.todoctl.cli.ops.images.Finding;
import dev.todoctl.cli.ops.images.ImageAnalyzer;
import dev.todoctl.cli.ops.images.ImageInspector;
import dev.todoctl.cli.ops.images.ImageReport;
import dev.todoctl.cli.ops.images.Severity;
import dev.todoctl.cli.build.DockerEngine;
import dev.todoctl.cli.build.DockerImageBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Command(name = "analyze", sortOptions = false,
        description = {"Analyze images in the Docker engine: size, layers and the instruction that made each, base image, "
                + "user, exposed ports, healthcheck, labels, env (secret-looking values masked) — and findings with a fix: "
                + "runs as root, no healthcheck, over the size budget, package caches left in a layer, secret-looking env, "
                + "latest tag, ADD of a remote URL, many layers.",
                "Default: the stack's api and web images as `todoctl build` made them (what <repo>:latest points to).",
                "Findings are advice: exit 0, unless --fail-on is given and a finding at that severity or worse exists "
                        + "(then exit 10, the build phase)."},
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl images analyze                  # the stack's api and web images",
                "  todoctl images analyze todo-chatbot-api:0.1.0 --max-size 150MB",
                "  todoctl images analyze my/app:1.2.3 --fail-on warning   # CI gate",
                "  todoctl images analyze -o json"})
public final class ImagesAnalyzeCommand extends ConfiguredCommand {
    enum FailOn { warning, critical }

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "Image references (default: the stack's api and web).")
    List<String> images = new ArrayList<>();

    @Option(names = "--max-size", paramLabel = "SIZE", defaultValue = "250MB",
            description = "Size budget per image, e.g. 250MB, 1.2GB, 300MiB (default ${DEFAULT-VALUE}).")
    String maxSize;

    @Option(names = "--max-layers", paramLabel = "N", defaultValue = "" + ImageAnalyzer.Policy.DEFAULT_MAX_LAYERS,
            description = "More filesystem layers than this is a finding (default ${DEFAULT-VALUE}).")
    int maxLayers;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 10 when a finding of this severity or worse exists: ${COMPLETION-CANDIDATES}.")
    FailOn failOn;

    @Override
    protected int run() {
        long budget = ByteSize.parse(maxSize).orElseThrow(() -> TodoctlException.usage(
                "--max-size '" + maxSize + "' is not a size", "write it like 250MB, 1.5GB or 300MiB"));
        if (maxLayers < 1) {
            throw TodoctlException.usage("--max-layers must be at least 1", "e.g. --max-layers 20");
        }
        TodoctlConfig cfg = loadConfig(config.request(Map.of()));
        ImageAnalyzer analyzer = new ImageAnalyzer(new ImageAnalyzer.Policy(budget, maxLayers));
        List<ImageReport> reports = new ArrayList<>();
        try (DockerEngine engine = new DockerEngine(cfg, env())) {
            StringBuilder whyNot = new StringBuilder();
            if (engine.version(whyNot).isEmpty()) {
                throw TodoctlException.usage(whyNot.toString(), "start the engine (scripts/docker-engine.sh, or `dockerd &`)",
                        "or point todoctl at one: --set docker.host=tcp://HOST:2375 (or DOCKER_HOST)");
            }
            ImageInspector inspector = new ImageInspector(engine.client());
            List<String> references = new ArrayList<>(images);
            if (references.isEmpty()) {
                DockerImageBuilder names = new DockerImageBuilder(cfg, env(), console(), engine,
                        new ArtifactBuilder(cfg, env(), console()));
                for (String component : DockerImageBuilder.COMPONENTS) {
                    references.add(inspector.lastBuilt(names.repository(component)));
                }
            }
            for (String reference : references) {
                reports.add(analyzer.analyze(inspector.inspect(reference)));
            }
        }
        Severity threshold = failOn == null ? null : failOn == FailOn.warning ? Severity.WARNING : Severity.CRITICAL;
        List<String> failing = reports.stream().filter(r -> threshold != null
                && r.worst().map(w -> w.atLeast(threshold)).orElse(false)).map(r -> r.facts().reference()).toList();
        if (format().machine()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("images", reports.stream().map(ImageReport::document).toList());
            doc.put("max_size_bytes", budget);
            doc.put("fail_on", failOn == null ? "none" : failOn.name());
            doc.put("failed", failing);
            renderer().print(doc);
        } else {
            reports.forEach(this::print);
        }
        if (!failing.isEmpty()) {
            // reported here, not thrown: with -o json stdout must stay one document (the one above)
            return ExitCodes.report(new TodoctlException(Phase.BUILD, "findings at " + failOn + " or worse in "
                    + String.join(", ", failing), "fix them as suggested, or relax the gate: --fail-on critical, or no --fail-on"),
                    spec.commandLine(), verbosity.verbose());
        }
        return 0;
    }

    private void print(ImageReport report) {
        PrintWriter out = console().result();
        var f = report.facts();
        out.println("== " + f.reference() + "  " + shortId(f.id()) + "  " + ByteSize.format(f.size()) + "  "
                + f.layerCount() + " layers");
        out.println("base         " + f.baseImage());
        out.println("user         " + (f.user().isEmpty() ? "root (not set)" : f.user()));
        out.println("ports        " + (f.exposedPorts().isEmpty() ? "-" : String.join(", ", f.exposedPorts())));
        out.println("healthcheck  " + (f.hasHealthcheck() ? oneLine(String.join(" ", f.healthcheck())) : "none"));
        out.println("tags         " + (f.tags().isEmpty() ? "-" : String.join(", ", f.tags())));
        out.println("env          " + (report.maskedEnv().isEmpty() ? "-" : String.join(", ", report.maskedEnv().entrySet()
                .stream().map(e -> e.getKey() + "=" + e.getValue()).toList())));
        out.println(f.labels().isEmpty() ? "labels       -" : "labels");
        f.labels().forEach((k, v) -> out.println("  " + k + "=" + v));
        out.flush();
        List<List<String>> rows = new ArrayList<>();
        f.layers().stream().filter(l -> !l.empty())
                .forEach(l -> rows.add(List.of(ByteSize.format(l.size()), oneLine(l.instruction()))));
        renderer().table(List.of("SIZE", "LAYER (oldest first; metadata-only steps omitted)"), rows);
        if (report.findings().isEmpty()) {
            out.println("findings     none");
        } else {
            out.println("findings");
            for (Finding finding : report.findings()) {
                out.println("  " + finding.severity().name().toLowerCase(Locale.ROOT) + " " + finding.rule().id() + ": "
                        + finding.message());
                out.println("      fix: " + finding.suggestion());
            }
        }
        out.println();
        out.flush();
    }

    private static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    /** Keeps table cells on one line. */
    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 110 ? line : line.substring(0, 107) + "...";
    }
}
