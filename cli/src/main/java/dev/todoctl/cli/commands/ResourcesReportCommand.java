package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.config.ConfigRequest;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.targets.kubernetes.HelmService;
import dev.todoctl.cli.chart.ChartProfiles;
import dev.todoctl.cli.ops.resources.ClusterCapacity;
import dev.todoctl.cli.ops.resources.ClusterSize;
import dev.todoctl.cli.ops.resources.ContainerResources;
import dev.todoctl.cli.ops.resources.Quantities;
import dev.todoctl.cli.ops.resources.RenderedWorkloads;
import dev.todoctl.cli.ops.resources.ResourceCalculator;
import dev.todoctl.cli.ops.resources.ResourceReport;
import dev.todoctl.cli.ops.resources.Workload;
import dev.todoctl.cli.ui.OutputFormat;
import io.fabric8.kubernetes.api.model.Quantity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Command(name = "report", sortOptions = false,
        description = {"Render the chart as `todoctl render` does and add up what it asks of a cluster: for every "
                + "Deployment, StatefulSet and Job container its cpu/memory requests and limits, times replicas and "
                + "times the HPA's maxReplicas where one targets it; totals per profile; whether the requests fit a "
                + "cluster of the given size (default: the current kube context's allocatable, summed over nodes).",
                "Warns when a limit is missing, a request exceeds its limit, or the requests exceed the cluster. "
                        + "Exit 0 (warnings are advice); 2 on bad input."},
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl resources report                # profiles default, dev and prod",
                "  todoctl resources report --profile prod --cluster-cpus 4 --cluster-memory 8Gi",
                "  todoctl resources report --helm-set api.autoscaling.maxReplicas=10 -o json"})
public final class ResourcesReportCommand extends TodoctlCommand {
    @Option(names = {"-p", "--profile"}, paramLabel = "PROFILE",
            description = "Chart values profile: default (values.yaml alone), or NAME for values-NAME.yaml (dev, prod); "
                    + "repeatable. Default: all of them.")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--cluster-cpus", paramLabel = "N", description = "Cluster cpu for the fit, e.g. 4 or 3500m.")
    String clusterCpus;

    @Option(names = "--cluster-memory", paramLabel = "Q", description = "Cluster memory for the fit, e.g. 16Gi.")
    String clusterMemory;

    @Option(names = "--helm-set", paramLabel = "KEY=VALUE", description = "A chart value, as helm --set; repeatable.")
    Map<String, String> helmSets = new LinkedHashMap<>();

    @Option(names = "--kube-version", paramLabel = "VERSION", defaultValue = HelmService.DEFAULT_KUBE_VERSION,
            description = "Kubernetes version to render for (default ${DEFAULT-VALUE}).")
    String kubeVersion;

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override a todoctl setting (e.g. source-dir, kubernetes.context); repeatable.")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Configuration file (default: ./todoctl.yaml).")
    Path configFile;

    @Mixin
    OutputOption output;

    @Override
    protected OutputFormat format() {
        return output.format();
    }

    @Override
    protected int run() {
        if ((clusterCpus == null) != (clusterMemory == null)) {
            throw TodoctlException.usage("--cluster-cpus and --cluster-memory go together",
                    "give both, e.g. --cluster-cpus 4 --cluster-memory 16Gi, or neither to read the kube context");
        }
        Optional<ClusterSize> given = clusterCpus == null ? Optional.empty()
                : Optional.of(new ClusterSize(Quantities.parsePositive("--cluster-cpus", clusterCpus),
                Quantities.parsePositive("--cluster-memory", clusterMemory), "--cluster-cpus/--cluster-memory"));
        // --profile here names chart values files, not todoctl.yaml profiles: the config loads without it
        TodoctlConfig cfg = loadConfig(new ConfigRequest(Optional.ofNullable(configFile), Optional.empty(), sets, Map.of()));
        Path chart = cfg.sourceDir().map(d -> d.resolve(cfg.images().chart())).orElseThrow(() -> TodoctlException.usage(
                "cannot find the checkout holding " + cfg.images().chart(), "run todoctl inside the checkout or set source-dir"));
        Map<String, List<Path>> chosen = ChartProfiles.select(chart, profiles);
        ClusterCapacity.Result capacity = given.map(s -> new ClusterCapacity.Result(s, null))
                .orElseGet(() -> ClusterCapacity.read(env(), cfg.kubernetes().context(), cfg.kubernetes().namespace()));
        List<ResourceReport> reports = new ArrayList<>();
        for (Map.Entry<String, List<Path>> profile : chosen.entrySet()) {
            String manifest = HelmService.template(new HelmService.Request(chart, profile.getValue(), helmSets,
                    "resources report"), cfg.release(), cfg.kubernetes().namespace(), kubeVersion);
            reports.add(ResourceCalculator.report(profile.getKey(), RenderedWorkloads.read(manifest),
                    Optional.ofNullable(capacity.size()), capacity.whyUnknown()));
        }
        if (format().machine()) {
            renderer().print(Map.of("profiles", reports.stream().map(ResourcesReportCommand::document).toList()));
        } else {
            reports.forEach(this::print);
        }
        return 0;
    }

    private void print(ResourceReport report) {
        PrintWriter out = console().result();
        out.println("== profile " + report.profile());
        out.flush();
        List<List<String>> rows = new ArrayList<>();
        for (Workload w : report.workloads()) {
            String replicas = w.hpaMaxReplicas() == null ? String.valueOf(w.replicas())
                    : w.replicas() + " (HPA max " + w.hpaMaxReplicas() + ")";
            for (ContainerResources c : w.containers()) {
                rows.add(List.of(w.kind() + "/" + w.name(), c.name() + (c.init() ? " (init)" : ""), replicas,
                        Quantities.cpu(c.cpuRequest()) + " / " + Quantities.cpu(c.cpuLimit()),
                        Quantities.memory(c.memoryRequest()) + " / " + Quantities.memory(c.memoryLimit())));
            }
        }
        renderer().table(List.of("WORKLOAD", "CONTAINER", "REPLICAS", "CPU REQ / LIM", "MEMORY REQ / LIM"), rows);
        out.println(totalsLine("total at replicas", report.atReplicas()));
        out.println(totalsLine("total at HPA max ", report.atMax()));
        switch (report.fit()) {
            case ResourceReport.Fit.Known k -> out.println("fit: " + (k.atReplicas() ? "fits" : "does NOT fit")
                    + " at replicas, " + (k.atMax() ? "fits" : "does NOT fit") + " at HPA max, in "
                    + Quantities.cpu(k.cluster().cpu()) + " cpu / " + Quantities.memory(k.cluster().memory())
                    + " memory (" + k.cluster().source() + "; a sum: each pod still needs one node with room)");
            case ResourceReport.Fit.Unknown u -> out.println("fit: unknown (" + u.reason() + "); " + u.how());
        }
        report.warnings().forEach(w -> out.println("warning: " + w));
        out.println();
        out.flush();
    }

    private static String totalsLine(String label, ResourceReport.Totals t) {
        return label + "  requests " + Quantities.cpu(t.cpuRequest()) + " cpu, " + Quantities.memory(t.memoryRequest())
                + " memory; limits " + (t.cpuLimit() == null ? "unbounded" : Quantities.cpu(t.cpuLimit())) + " cpu, "
                + (t.memoryLimit() == null ? "unbounded" : Quantities.memory(t.memoryLimit())) + " memory";
    }

    static Map<String, Object> document(ResourceReport report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("profile", report.profile());
        doc.put("workloads", report.workloads().stream().map(w -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", w.kind());
            m.put("name", w.name());
            m.put("replicas", w.replicas());
            m.put("hpa_max_replicas", w.hpaMaxReplicas());
            m.put("containers", w.containers().stream().map(c -> {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("name", c.name());
                cm.put("init", c.init());
                cm.put("requests", quantities(c.cpuRequest(), c.memoryRequest()));
                cm.put("limits", quantities(c.cpuLimit(), c.memoryLimit()));
                return cm;
            }).toList());
            m.put("pod_requests", quantities(w.podCpuRequest(), w.podMemoryRequest()));
            m.put("pod_limits", quantities(w.podCpuLimit(), w.podMemoryLimit()));
            return m;
        }).toList());
        doc.put("totals_at_replicas", totals(report.atReplicas()));
        doc.put("totals_at_hpa_max", totals(report.atMax()));
        Map<String, Object> fit = new LinkedHashMap<>();
        switch (report.fit()) {
            case ResourceReport.Fit.Known k -> {
                fit.put("known", true);
                fit.put("cluster", quantities(k.cluster().cpu(), k.cluster().memory()));
                fit.put("source", k.cluster().source());
                fit.put("fits_at_replicas", k.atReplicas());
                fit.put("fits_at_hpa_max", k.atMax());
            }
            case ResourceReport.Fit.Unknown u -> {
                fit.put("known", false);
                fit.put("reason", u.reason());
                fit.put("how", u.how());
            }
        }
        doc.put("fit", fit);
        doc.put("warnings", report.warnings());
        return doc;
    }

    private static Map<String, Object> totals(ResourceReport.Totals t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", quantities(t.cpuRequest(), t.memoryRequest()));
        m.put("limits", quantities(t.cpuLimit(), t.memoryLimit()));
        return m;
    }

    /** Human values plus exact ones (millicores, bytes) for scripts; null = not set (a limit: unbounded). */
    private static Map<String, Object> quantities(Quantity cpu, Quantity memory) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpu == null ? null : Quantities.cpu(cpu));
        m.put("memory", memory == null ? null : Quantities.memory(memory));
        m.put("cpu_millicores", cpu == null ? null : Quantities.value(cpu).movePointRight(3).setScale(0, java.math.RoundingMode.UP).longValueExact());
        m.put("memory_bytes", memory == null ? null : Quantities.value(memory).setScale(0, java.math.RoundingMode.UP).longValueExact());
        return m;
    }
}
