package dev.todoctl.cli.snapshot;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A release on Kubernetes as read at {@code takenAt}: its pods (by the chart's instance label), the namespace's
 * events, its Services with their Endpoints, HPAs, PVCs, Helm's release records, the last log lines of troubled
 * containers (key {@code pod/container}), when an api URL answered its readiness body, and what could not be read
 * (e.g. events forbidden by RBAC), so that silence of a rule is not mistaken for health. The fabric8 model
 * objects are mutable classes; nothing here or in the rules changes them.
 */
public record KubeSnapshot(String release, String context, String namespace, Instant takenAt, String todoctlFlags,
                           List<Pod> pods, List<Event> events, List<Service> services, Map<String, Endpoints> endpoints,
                           List<HorizontalPodAutoscaler> autoscalers, List<PersistentVolumeClaim> claims,
                           List<HelmRevision> helm, Map<String, List<String>> logs, Optional<Readiness> apiReadiness,
                           List<String> unread)
        implements Snapshot {
    /** Restarts from which a container counts as crash-looping, for the collector and the rules alike. */
    public static final int RESTARTS = 3;
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

    /** One Helm release record (Secret {@code sh.helm.release.v1.<release>.v<N>}). */
    public record HelmRevision(String secret, int revision, String status, String description,
                               Optional<Instant> lastDeployed) {
        public boolean pending() {
            return status.startsWith("pending-");
        }

        public boolean good() {
            return "deployed".equals(status) || "superseded".equals(status);
        }
    }

    public KubeSnapshot {
        pods = List.copyOf(pods);
        events = List.copyOf(events);
        services = List.copyOf(services);
        endpoints = Map.copyOf(endpoints);
        autoscalers = List.copyOf(autoscalers);
        claims = List.copyOf(claims);
        helm = helm.stream().sorted(Comparator.comparingInt(HelmRevision::revision)).toList();
        logs = Map.copyOf(logs);
        unread = List.copyOf(unread);
    }

    @Override
    public String target() {
        return "kubernetes";
    }

    /** {@code kubectl} with this snapshot's context and namespace, for fix lines. */
    public String kubectl(String rest) {
        boolean namedContext = !context.isEmpty() && !"in-cluster".equals(context);
        return "kubectl " + (namedContext ? "--context " + context + " " : "") + "-n " + namespace + " " + rest;
    }

    public static String logKey(String pod, String container) {
        return pod + "/" + container;
    }

    public List<String> logTail(String pod, String container) {
        return logs.getOrDefault(logKey(pod, container), List.of());
    }

    public static String name(Pod pod) {
        return pod.getMetadata().getName();
    }

    public static String component(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? "" : labels.getOrDefault(COMPONENT_LABEL, "");
    }

    /** The label selector that finds a component's pods, as kubectl's {@code -l} takes it. */
    public String selector(String component) {
        return INSTANCE_LABEL + "=" + release + (component.isEmpty() ? "" : "," + COMPONENT_LABEL + "=" + component);
    }

    /** Init containers first (the api waits for its database in one), then the app containers. */
    public static List<ContainerStatus> statuses(Pod pod) {
        List<ContainerStatus> all = new ArrayList<>();
        if (pod.getStatus() != null) {
            Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).ifPresent(all::addAll);
            Optional.ofNullable(pod.getStatus().getContainerStatuses()).ifPresent(all::addAll);
        }
        return all;
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    /** Events about one object, oldest first. */
    public List<Event> eventsFor(String kind, String name) {
        return events.stream().filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName())
                        && (kind == null || e.getInvolvedObject().getKind() == null || kind.equals(e.getInvolvedObject().getKind())))
                .sorted(Comparator.comparing(KubeSnapshot::eventTime)).toList();
    }

    static String eventTime(Event e) {
        for (String t : new String[] {e.getLastTimestamp(), e.getEventTime() == null ? null : e.getEventTime().getTime(),
                e.getFirstTimestamp(), e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp()}) {
            if (t != null) {
                return t;
            }
        }
        return "";
    }

    /** The latest Helm revision, which is the release's current state. */
    public Optional<HelmRevision> currentRevision() {
        return helm.isEmpty() ? Optional.empty() : Optional.of(helm.getLast());
    }

    /** The newest good revision before the current one: what {@code todoctl rollback} goes back to. */
    public Optional<HelmRevision> lastGood() {
        return currentRevision().flatMap(current -> helm.stream().filter(r -> r.revision() < current.revision())
                .filter(HelmRevision::good).reduce((a, b) -> b));
    }
}
