package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.platform.HttpProbe;
import dev.todoctl.cli.snapshot.KubeSnapshot;
import dev.todoctl.cli.snapshot.Readiness;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a release's state from the cluster through fabric8, in the release's namespace and by the chart's
 * {@code app.kubernetes.io/instance} label (as the rollout watcher finds pods). Only reads; changes nothing.
 */
final class KubeCollector {
    private static final int LOG_LINES = 15;

    private final KubernetesTarget target;
    private final Optional<String> apiUrl;

    KubeCollector(KubernetesTarget target, Optional<String> apiUrl) {
        this.target = target;
        this.apiUrl = apiUrl;
    }

    KubeSnapshot collect() {
        TodoctlConfig config = target.context().config();
        KubeAccess kube = target.kube();
        String ns = kube.namespace();
        String release = config.release();
        try (KubernetesClient client = kube.client()) {
            List<Pod> pods = client.pods().inNamespace(ns).withLabel(KubeSnapshot.INSTANCE_LABEL, release).list().getItems();
            List<String> unread = new ArrayList<>();
            List<Event> events = optional("events", unread, () -> client.v1().events().inNamespace(ns).list().getItems());
            List<Service> services = client.services().inNamespace(ns).withLabel(KubeSnapshot.INSTANCE_LABEL, release)
                    .list().getItems();
            Map<String, Endpoints> endpoints = new LinkedHashMap<>();
            for (Service service : services) {
                String name = service.getMetadata().getName();
                optional("endpoints " + name, unread, () -> Optional.ofNullable(client.endpoints().inNamespace(ns)
                        .withName(name).get()).stream().toList()).forEach(e -> endpoints.put(name, e));
            }
            List<HorizontalPodAutoscaler> hpas = optional("horizontalpodautoscalers", unread, () -> client.autoscaling().v2()
                    .horizontalPodAutoscalers().inNamespace(ns).withLabel(KubeSnapshot.INSTANCE_LABEL, release).list().getItems());
            var claims = optional("persistentvolumeclaims", unread, () -> client.persistentVolumeClaims().inNamespace(ns)
                    .withLabel(KubeSnapshot.INSTANCE_LABEL, release).list().getItems());
            List<KubeSnapshot.HelmRevision> helm = optional("Helm release secrets", unread, () -> client.secrets()
                    .inNamespace(ns).withLabel("owner", "helm").withLabel("name", release).list().getItems()).stream()
                    .map(KubeCollector::revision).toList();
            Map<String, List<String>> logs = new LinkedHashMap<>();
            for (Pod pod : pods) {
                for (ContainerStatus cs : KubeSnapshot.statuses(pod)) {
                    if (troubled(cs)) {
                        logs.put(KubeSnapshot.logKey(pod.getMetadata().getName(), cs.getName()),
                                lastLogs(client, ns, pod.getMetadata().getName(), cs.getName()));
                    }
                }
            }
            Optional<Readiness> readiness = apiUrl.map(u -> {
                String url = u.replaceAll("/+$", "") + "/health/ready";
                HttpProbe.Answer answer = new HttpProbe(Readiness.TIMEOUT).get(url);
                return new Readiness(url, answer.status(), answer.body());
            });
            return new KubeSnapshot(release, kube.context(), ns, target.context().clock().instant(), flags(config),
                    pods, events, services, endpoints, hpas, claims, helm, logs, readiness, unread);
        }
    }

    /**
     * A read the rules can do without (RBAC may forbid events or secrets to a user who may list pods): an empty
     * list, and a note of what was missing.
     */
    private static <T> List<T> optional(String what, List<String> unread, java.util.function.Supplier<List<T>> read) {
        try {
            return read.get();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            unread.add(what + ": " + (e.getStatus() == null ? e.getMessage() : e.getCode() + " " + e.getStatus().getMessage()));
            return List.of();
        }
    }

    /** The todoctl flags that point a fix's command at this same release. */
    static String flags(TodoctlConfig config) {
        StringBuilder flags = new StringBuilder("--target kubernetes");
        for (String key : List.of("release", "kubernetes.context", "kubernetes.namespace")) {
            if (config.explicit(key)) {
                flags.append(" --set ").append(key).append('=').append(config.values().get(key).value());
            }
        }
        return flags.toString();
    }

    private static KubeSnapshot.HelmRevision revision(Secret secret) {
        Map<String, String> labels = Optional.ofNullable(secret.getMetadata().getLabels()).orElse(Map.of());
        String name = secret.getMetadata().getName();
        int number = parse(labels.get("version")).orElseGet(() -> parse(name.substring(name.lastIndexOf(".v") + 2)).orElse(0));
        String status = labels.getOrDefault("status", "unknown");
        String description = "";
        Optional<Instant> lastDeployed = Optional.empty();
        try {
            ReleaseRecord record = ReleaseRecord.decode(secret.getData().get("release"));
            description = record.description();
            lastDeployed = instant(record.lastDeployed());
        } catch (RuntimeException e) {
            // a record Helm wrote differently: the labels above still say what the state is
        }
        return new KubeSnapshot.HelmRevision(name, number, status, description, lastDeployed);
    }

    private static boolean troubled(ContainerStatus cs) {
        boolean crashLoop = cs.getState() != null && cs.getState().getWaiting() != null
                && "CrashLoopBackOff".equals(cs.getState().getWaiting().getReason());
        return crashLoop || (cs.getRestartCount() != null && cs.getRestartCount() >= KubeSnapshot.RESTARTS);
    }

    /** The previous (crashed) container's last lines, else the current one's. */
    private static List<String> lastLogs(KubernetesClient client, String ns, String pod, String container) {
        try {
            String log = PodLog.lastLines(client, ns, pod, container, LOG_LINES);
            return log.isBlank() ? List.of() : tail(log.lines().toList());
        } catch (RuntimeException e) {
            return List.of("(logs unavailable: " + e.getMessage() + ")");
        }
    }

    static List<String> tail(List<String> lines) {
        return List.copyOf(lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
    }

    private static Optional<Integer> parse(String s) {
        try {
            return s == null ? Optional.empty() : Optional.of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(String s) {
        try {
            return s == null || s.isEmpty() ? Optional.empty() : Optional.of(java.time.OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
