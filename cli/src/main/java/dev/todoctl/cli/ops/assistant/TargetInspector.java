package dev.todoctl.cli.ops.assistant;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.todoctl.cli.targets.kubernetes.ReleaseRecord;
import dev.todoctl.cli.loadtest.ContainerSampler;
import dev.todoctl.cli.loadtest.Observation;
import dev.todoctl.cli.loadtest.ProcessSampler;
import dev.todoctl.cli.loadtest.ResourceSampler;
import dev.todoctl.cli.rollout.ComponentStatus;
import dev.todoctl.cli.targets.kubernetes.KubeRolloutWatcher;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.build.DockerEngine;
import dev.todoctl.cli.targets.docker.DockerTarget;
import dev.todoctl.cli.targets.kubernetes.KubeAccess;
import dev.todoctl.cli.targets.kubernetes.KubernetesTarget;
import dev.todoctl.cli.targets.local.LocalProcesses;
import dev.todoctl.cli.targets.local.LocalState;
import dev.todoctl.cli.targets.local.LocalTarget;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The read-only half of the assistant: what is deployed, how it is doing, its logs, events, history and resource
 * use — from the target's own interface where it has one, else from the platform behind it (fabric8 for
 * kubernetes, docker-java for docker, /proc for local processes). Nothing here changes anything.
 */
final class TargetInspector {
    static final int MAX_LOG_LINES = 500;
    private static final int MAX_EVENTS = 20;

    private final Target target;
    private final TargetContext ctx;

    TargetInspector(Target target, TargetContext ctx) {
        this.target = target;
        this.ctx = ctx;
    }

    String targetName() {
        return target.name();
    }

    StatusReport report() {
        return target.status();
    }

    List<String> componentNames() {
        return report().components().stream().map(ComponentStatus::name).toList();
    }

    /** "Is everything healthy?": a verdict first, then each component. */
    String status() {
        StatusReport r = report();
        if (!r.deployed()) {
            return "Nothing is deployed: release " + r.release().name() + " has no running revision on the "
                    + r.target() + " target. Deploy it with `todoctl up`.";
        }
        List<ComponentStatus> bad = r.components().stream().filter(c -> !c.healthy()).toList();
        StringBuilder sb = new StringBuilder();
        sb.append(bad.isEmpty() && !r.components().isEmpty() ? "Healthy: " : "NOT healthy: ");
        sb.append("release ").append(r.release().name()).append(" revision ").append(r.release().revision())
                .append(" on the ").append(r.target()).append(" target; ");
        sb.append(bad.isEmpty() ? "all " + r.components().size() + " components are ready."
                : bad.size() + " of " + r.components().size() + " components not ready ("
                + String.join(", ", bad.stream().map(ComponentStatus::name).toList()) + ").");
        r.components().forEach(c -> sb.append('\n').append("- ").append(line(c)));
        r.urls().forEach((k, v) -> sb.append('\n').append("- ").append(k).append(" URL: ").append(v));
        return sb.toString();
    }

    String listComponents() {
        StatusReport r = report();
        if (r.components().isEmpty()) {
            return "No components found for release " + r.release().name() + " on the " + r.target() + " target.";
        }
        StringBuilder sb = new StringBuilder("Components of release " + r.release().name() + " on the " + r.target()
                + " target:");
        r.components().forEach(c -> sb.append("\n- ").append(line(c)));
        return sb.toString();
    }

    String describe(String component) {
        StatusReport r = report();
        Optional<String> name = Components.resolve(component, componentNames());
        if (name.isEmpty()) {
            return unknownComponent(component);
        }
        ComponentStatus c = r.components().stream().filter(s -> s.name().equals(name.get())).findFirst().orElseThrow();
        StringBuilder sb = new StringBuilder(c.name() + " on the " + r.target() + " target (release "
                + r.release().name() + " revision " + r.release().revision() + "):");
        sb.append("\n- ready: ").append(c.ready()).append('/').append(c.desired())
                .append(c.healthy() ? " (healthy)" : " (NOT healthy)");
        sb.append("\n- image: ").append(c.image().isEmpty() ? "unknown" : c.image());
        if (c.detail() != null && !c.detail().isBlank()) {
            sb.append("\n- detail: ").append(c.detail());
        }
        Optional.ofNullable(r.urls().get(c.name())).ifPresent(u -> sb.append("\n- URL: ").append(u));
        return sb.toString();
    }

    /** The last {@code lines} lines of a component's logs (api and web, prefixed, when {@code component} is null). */
    String logs(String component, int lines) {
        String name = null;
        if (component != null && !component.isBlank()) {
            Optional<String> resolved = Components.resolve(component, componentNames());
            if (resolved.isEmpty()) {
                return unknownComponent(component);
            }
            name = resolved.get();
        }
        int n = Math.max(1, Math.min(lines, MAX_LOG_LINES));
        StringWriter buffer = new StringWriter();
        target.logs(name, false, new PrintWriter(buffer));
        List<String> all = buffer.toString().lines().toList();
        List<String> tail = all.subList(Math.max(0, all.size() - n), all.size());
        String what = name == null ? "api and web" : name;
        if (tail.isEmpty()) {
            return "The " + what + " logs on the " + target.name() + " target are empty.";
        }
        return "Last " + tail.size() + " log lines of " + what + " on the " + target.name() + " target:\n"
                + String.join("\n", tail);
    }

    String events(String component) {
        return switch (target) {
            case KubernetesTarget k -> kubeEvents(k, component);
            case DockerTarget d -> containerStates(component);
            default -> "Events are not available on the " + target.name() + " target (kubernetes has events, docker "
                    + "has container states); use the status and logs tools instead.";
        };
    }

    String history() {
        if (!(target instanceof KubernetesTarget k)) {
            return "Release history is not available on the " + target.name() + " target: revisions are kept by Helm "
                    + "releases on the kubernetes target only.";
        }
        k.requireReachable();
        List<ReleaseRecord> history = k.helm().history();
        if (history.isEmpty()) {
            return "Release " + k.context().config().release() + " has no revisions in namespace "
                    + k.context().config().kubernetes().namespace() + ".";
        }
        StringBuilder sb = new StringBuilder("Revisions of release " + k.context().config().release() + ":");
        for (ReleaseRecord r : history) {
            sb.append("\n- revision ").append(r.revision()).append(": ").append(r.status()).append(", ")
                    .append(r.lastDeployed()).append(", images ").append(String.join(", ", r.images()))
                    .append(r.description().isEmpty() ? "" : " — " + r.description());
        }
        return sb.toString();
    }

    /** "What uses the most memory?": measured where the platform can measure, else said to be unavailable. */
    String resourceUsage() {
        return switch (target) {
            case KubernetesTarget k -> podMetrics(k);
            case DockerTarget d -> fromSampler("docker stats", dockerSampler(), 0);
            case LocalTarget l -> localSampler().map(s -> fromSampler("process CPU time and RSS from /proc", s, 500))
                    .orElse("No local api or web process is running, so there is nothing to measure.");
            default -> "Resource usage is not available on the " + target.name() + " target.";
        };
    }

    private ResourceSampler dockerSampler() {
        Map<String, String> containers = new LinkedHashMap<>();
        for (String component : List.of("api", "web", "postgres")) {
            containers.put(component, ctx.config().release() + "-" + component);
        }
        return new ContainerSampler(new DockerEngine(ctx.config(), ctx.env()).client(), containers);
    }

    private Optional<ResourceSampler> localSampler() {
        LocalProcesses processes = new LocalProcesses(new LocalState(ctx.config().stateDir()));
        Map<String, ProcessHandle> found = new LinkedHashMap<>();
        for (String component : List.of("api", "web")) {
            processes.find(component).ifPresent(p -> found.put(component, p));
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(new ProcessSampler(found));
    }

    /** One sample (two, {@code gapMillis} apart, when CPU needs a difference), sorted by memory. */
    static String fromSampler(String source, ResourceSampler sampler, long gapMillis) {
        sampler.sample(0);
        if (gapMillis > 0) {
            try {
                Thread.sleep(gapMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sampler.sample(gapMillis / 1000.0);
        }
        if (!(sampler.observation() instanceof Observation.ResourceUsage usage)) {
            return "Resource usage could not be measured.";
        }
        List<Observation.ComponentUsage> measured = usage.components().stream().filter(c -> c.lastMemoryMb() > 0)
                .sorted(Comparator.comparingDouble(Observation.ComponentUsage::lastMemoryMb).reversed()).toList();
        if (measured.isEmpty()) {
            return "Resource usage could not be measured (" + source + " gave no figures: are the components running?).";
        }
        StringBuilder sb = new StringBuilder("Memory use now (" + source + "), highest first:");
        for (Observation.ComponentUsage c : measured) {
            sb.append(String.format(Locale.ROOT, "%n- %s: %.1f MB memory, %.1f%% CPU", c.name(), c.lastMemoryMb(),
                    c.avgCpuPercent()));
        }
        sb.append("\nThe most memory: ").append(measured.getFirst().name()).append('.');
        return sb.toString();
    }

    private String podMetrics(KubernetesTarget k) {
        KubeAccess kube = k.requireReachable();
        String release = k.context().config().release();
        try (KubernetesClient client = kube.client()) {
            List<PodMetrics> pods;
            try {
                // ask discovery first: an API server without metrics-server does not list the group
                boolean served = client.getApiGroups().getGroups().stream()
                        .anyMatch(g -> "metrics.k8s.io".equals(g.getName()));
                if (!served) {
                    throw new IllegalStateException("the API server does not list the metrics.k8s.io group");
                }
                pods = client.top().pods().withLabels(Map.of(KubeRolloutWatcher.INSTANCE_LABEL, release))
                        .metrics(kube.namespace()).getItems();
            } catch (RuntimeException e) {
                return "Pod metrics are not available: the cluster's metrics API (metrics.k8s.io, served by "
                        + "metrics-server) did not answer (" + firstLine(e) + "). Install metrics-server (minikube: "
                        + "`minikube addons enable metrics-server`) and ask again.\n" + limits(client, kube.namespace(), release);
            }
            if (pods.isEmpty()) {
                return "The metrics API answered but has no figures for release " + release + " yet (metrics-server "
                        + "needs about a minute after pods start).\n" + limits(client, kube.namespace(), release);
            }
            record Usage(String pod, double memoryMb, double cpuMillis) {
            }
            List<Usage> usage = new ArrayList<>();
            for (PodMetrics pod : pods) {
                double mem = 0;
                double cpu = 0;
                for (var c : pod.getContainers()) {
                    mem += amount(c.getUsage().get("memory")) / 1024 / 1024;
                    cpu += amount(c.getUsage().get("cpu")) * 1000;
                }
                usage.add(new Usage(pod.getMetadata().getName(), mem, cpu));
            }
            usage.sort(Comparator.comparingDouble(Usage::memoryMb).reversed());
            StringBuilder sb = new StringBuilder("Memory use now (metrics API), highest first:");
            usage.forEach(u -> sb.append(String.format(Locale.ROOT, "%n- pod %s: %.1f MB memory, %.0fm CPU", u.pod(),
                    u.memoryMb(), u.cpuMillis())));
            sb.append("\nThe most memory: pod ").append(usage.getFirst().pod()).append('.');
            return sb.toString();
        }
    }

    /** When usage cannot be measured, what the pods may use at most is still worth knowing. */
    private static String limits(KubernetesClient client, String namespace, String release) {
        List<String> lines = new ArrayList<>();
        for (var pod : client.pods().inNamespace(namespace).withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release)
                .list().getItems()) {
            for (var c : pod.getSpec().getContainers()) {
                var res = c.getResources();
                String request = res == null || res.getRequests() == null ? "-" : String.valueOf(res.getRequests().get("memory"));
                String limit = res == null || res.getLimits() == null ? "-" : String.valueOf(res.getLimits().get("memory"));
                lines.add("- pod " + pod.getMetadata().getName() + " container " + c.getName() + ": memory request "
                        + request + ", limit " + limit);
            }
        }
        return lines.isEmpty() ? "No pods of release " + release + " were found either."
                : "Configured memory requests/limits (not usage):\n" + String.join("\n", lines);
    }

    private static double amount(Quantity q) {
        return q == null ? 0 : Quantity.getAmountInBytes(q).doubleValue();
    }

    private String kubeEvents(KubernetesTarget k, String component) {
        KubeAccess kube = k.requireReachable();
        String release = k.context().config().release();
        try (KubernetesClient client = kube.client()) {
            String ns = kube.namespace();
            Map<String, String> labels = new LinkedHashMap<>(Map.of(KubeRolloutWatcher.INSTANCE_LABEL, release));
            if (component != null && !component.isBlank()) {
                Optional<String> c = Components.resolve(component, componentNames());
                if (c.isEmpty()) {
                    return unknownComponent(component);
                }
                labels.put(KubeRolloutWatcher.COMPONENT_LABEL, c.get());
            }
            // events name the objects they are about: the release's pods and workloads (and their ReplicaSets)
            Set<String> names = new TreeSet<>();
            List<String> workloads = new ArrayList<>();
            client.pods().inNamespace(ns).withLabels(labels).list().getItems().forEach(p -> names.add(p.getMetadata().getName()));
            List<HasMetadata> owners = new ArrayList<>(client.apps().deployments().inNamespace(ns).withLabels(labels).list().getItems());
            owners.addAll(client.apps().statefulSets().inNamespace(ns).withLabels(labels).list().getItems());
            owners.forEach(o -> workloads.add(o.getMetadata().getName()));
            names.addAll(workloads);
            List<Event> events = client.v1().events().inNamespace(ns).list().getItems().stream()
                    .filter(e -> e.getInvolvedObject() != null && e.getInvolvedObject().getName() != null)
                    .filter(e -> names.contains(e.getInvolvedObject().getName())
                            || workloads.stream().anyMatch(w -> e.getInvolvedObject().getName().startsWith(w + "-")))
                    .sorted(Comparator.comparing(TargetInspector::when))
                    .toList();
            String what = labels.containsKey(KubeRolloutWatcher.COMPONENT_LABEL)
                    ? labels.get(KubeRolloutWatcher.COMPONENT_LABEL) : "release " + release;
            if (events.isEmpty()) {
                return "No Kubernetes events for " + what + " in namespace " + ns + " (events expire after about an hour).";
            }
            List<Event> last = events.subList(Math.max(0, events.size() - MAX_EVENTS), events.size());
            StringBuilder sb = new StringBuilder("Kubernetes events for " + what + " in namespace " + ns
                    + " (oldest first" + (events.size() > last.size() ? ", last " + last.size() + " of " + events.size() : "") + "):");
            for (Event e : last) {
                sb.append("\n- ").append(Optional.ofNullable(e.getType()).orElse("Normal")).append(' ')
                        .append(Optional.ofNullable(e.getReason()).orElse("")).append(' ')
                        .append(e.getInvolvedObject().getKind() == null ? "" : e.getInvolvedObject().getKind()
                                .toLowerCase(Locale.ROOT) + "/").append(e.getInvolvedObject().getName()).append(": ")
                        .append(Optional.ofNullable(e.getMessage()).orElse("").strip())
                        .append(e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : "");
            }
            return sb.toString();
        }
    }

    private static String when(Event e) {
        return Optional.ofNullable(e.getLastTimestamp()).or(() -> Optional.ofNullable(e.getFirstTimestamp()))
                .or(() -> Optional.ofNullable(e.getEventTime()).map(t -> t.getTime()))
                .or(() -> Optional.ofNullable(e.getMetadata().getCreationTimestamp())).orElse("");
    }

    /** Docker has no event history per container worth showing; its state (exit code, OOM, restarts) is the story. */
    private String containerStates(String component) {
        List<String> components = List.of("api", "web", "postgres");
        if (component != null && !component.isBlank()) {
            Optional<String> c = Components.resolve(component, components);
            if (c.isEmpty()) {
                return unknownComponent(component);
            }
            components = List.of(c.get());
        }
        var docker = new DockerEngine(ctx.config(), ctx.env()).client();
        StringBuilder sb = new StringBuilder("Container states (docker has no per-container event history):");
        for (String c : components) {
            String name = ctx.config().release() + "-" + c;
            sb.append("\n- ").append(name).append(": ");
            try {
                InspectContainerResponse i = docker.inspectContainerCmd(name).exec();
                var s = i.getState();
                sb.append(s.getStatus());
                if (s.getHealth() != null) {
                    sb.append(", health ").append(s.getHealth().getStatus());
                }
                sb.append(", restarts ").append(i.getRestartCount());
                if (Boolean.TRUE.equals(s.getOOMKilled())) {
                    sb.append(", OOM-killed");
                }
                if (!Boolean.TRUE.equals(s.getRunning())) {
                    sb.append(", exit code ").append(s.getExitCodeLong()).append(", finished ").append(s.getFinishedAt());
                    if (s.getError() != null && !s.getError().isEmpty()) {
                        sb.append(", error: ").append(s.getError());
                    }
                } else {
                    sb.append(", started ").append(s.getStartedAt());
                }
            } catch (NotFoundException e) {
                sb.append("no such container");
            }
        }
        return sb.toString();
    }

    String unknownComponent(String component) {
        List<String> known = componentNames();
        return "There is no component '" + component + "' on the " + target.name() + " target"
                + (known.isEmpty() ? " (nothing is deployed)." : "; the components are " + String.join(", ", known) + ".");
    }

    static String line(ComponentStatus c) {
        return c.name() + ": " + c.ready() + "/" + c.desired() + " ready" + (c.healthy() ? "" : " (NOT healthy)")
                + (c.image() == null || c.image().isEmpty() ? "" : ", image " + c.image())
                + (c.detail() == null || c.detail().isBlank() ? "" : ", " + c.detail());
    }

    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
