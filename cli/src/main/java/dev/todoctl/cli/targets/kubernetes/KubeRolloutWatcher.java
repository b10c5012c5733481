package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.rollout.ComponentStatus;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.rollout.RolloutWatcher;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Waits until every Deployment and StatefulSet of the release is rolled out (Skaffold's status check): the
 * workload's status says the new template's replicas are ready. Meanwhile it reports each pod as it changes and
 * stops early on what will not heal by waiting (CrashLoopBackOff with the container's last log lines,
 * ImagePullBackOff). At the deadline it explains what is still missing: a failing probe (the kubelet's event),
 * a Pending pod (the scheduler's message).
 */
public final class KubeRolloutWatcher implements RolloutWatcher {
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    private static final int LOG_LINES = 15;

    private final KubeAccess kube;
    private final String release;
    private final Consumer<String> progress;
    private final Clock clock;
    private final Duration poll;

    public KubeRolloutWatcher(KubeAccess kube, String release, Consumer<String> progress, Clock clock, Duration poll) {
        this.kube = kube;
        this.release = release;
        this.progress = progress;
        this.clock = clock;
        this.poll = poll;
    }

    @Override
    public RolloutResult await(DeployResult deploy, Instant deadline) {
        Map<String, String> lastSeen = new HashMap<>();
        List<String> evidence = new ArrayList<>();
        try (KubernetesClient client = kube.client()) {
            while (true) {
                Snapshot snapshot = snapshot(client);
                for (Map.Entry<String, String> pod : snapshot.podLines().entrySet()) {
                    if (!pod.getValue().equals(lastSeen.put(pod.getKey(), pod.getValue()))) {
                        progress.accept(pod.getKey() + ": " + pod.getValue());
                        evidence.add(pod.getKey() + ": " + pod.getValue());
                    }
                }
                Optional<String> fatal = fatal(client, snapshot.pods());
                if (fatal.isPresent()) {
                    throw failure(fatal.get(), snapshot);
                }
                if (!snapshot.components().isEmpty() && snapshot.components().stream().allMatch(ComponentStatus::healthy)) {
                    return new RolloutResult(snapshot.components(), Duration.ZERO, evidence);
                }
                if (!clock.instant().isBefore(deadline)) {
                    String why = snapshot.components().isEmpty() ? "no workloads of release " + release + " found"
                            : String.join("; ", waiting(client, snapshot));
                    throw failure("not ready before the deadline: " + why, snapshot);
                }
                sleep();
            }
        }
    }

    /** The release's workloads and pods as they are now. */
    public Snapshot snapshot(KubernetesClient client) {
        String ns = kube.namespace();
        List<ComponentStatus> components = new ArrayList<>();
        List<Deployment> deployments = client.apps().deployments().inNamespace(ns).withLabel(INSTANCE_LABEL, release)
                .list().getItems();
        List<StatefulSet> statefulSets = client.apps().statefulSets().inNamespace(ns).withLabel(INSTANCE_LABEL, release)
                .list().getItems();
        for (Deployment d : deployments) {
            int desired = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
            var s = d.getStatus();
            int ready = s == null ? 0 : n(s.getReadyReplicas());
            int updated = s == null ? 0 : n(s.getUpdatedReplicas());
            int total = s == null ? 0 : n(s.getReplicas());
            boolean observed = s != null && (d.getMetadata().getGeneration() == null || s.getObservedGeneration() == null
                    || s.getObservedGeneration() >= d.getMetadata().getGeneration());
            boolean done = observed && updated >= desired && ready >= desired && total <= updated;
            // until the rollout is complete, what counts is the new template's ready pods, and it is not all of them
            int shown = done ? desired : Math.min(observed ? Math.min(ready, updated) : 0, desired - 1);
            components.add(new ComponentStatus(component(d), Math.max(shown, 0),
                    desired, image(d.getSpec().getTemplate().getSpec().getContainers()),
                    done ? "rolled out" : "updated " + updated + "/" + desired + ", ready " + ready + ", total " + total));
        }
        for (StatefulSet st : statefulSets) {
            int desired = Optional.ofNullable(st.getSpec().getReplicas()).orElse(1);
            var s = st.getStatus();
            int ready = s == null ? 0 : n(s.getReadyReplicas());
            boolean observed = s != null && (st.getMetadata().getGeneration() == null || s.getObservedGeneration() == null
                    || s.getObservedGeneration() >= st.getMetadata().getGeneration());
            boolean sameRevision = s == null || s.getUpdateRevision() == null
                    || Objects.equals(s.getUpdateRevision(), s.getCurrentRevision());
            boolean done = observed && sameRevision && ready >= desired;
            int shown = done ? desired : Math.max(0, Math.min(observed ? Math.min(ready, n(s.getUpdatedReplicas())) : 0, desired - 1));
            components.add(new ComponentStatus(component(st), shown, desired,
                    image(st.getSpec().getTemplate().getSpec().getContainers()),
                    shown >= desired ? "rolled out" : "ready " + ready + "/" + desired));
        }
        components.sort(java.util.Comparator.comparing(ComponentStatus::name));
        List<Pod> pods = ofCurrentWorkloads(client.pods().inNamespace(ns).withLabel(INSTANCE_LABEL, release).list().getItems(),
                deployments, statefulSets, client.apps().replicaSets().inNamespace(ns).withLabel(INSTANCE_LABEL, release)
                        .list().getItems());
        Map<String, String> lines = new LinkedHashMap<>();
        for (Pod pod : pods) {
            lines.put(pod.getMetadata().getName(), describe(pod));
        }
        return new Snapshot(components, pods, lines);
    }

    public record Snapshot(List<ComponentStatus> components, List<Pod> pods, Map<String, String> podLines) {
    }

    /** A ReplicaSet's place in its Deployment's history ({@code deployment.kubernetes.io/revision}), 0 when unknown. */
    static long revision(io.fabric8.kubernetes.api.model.apps.ReplicaSet rs) {
        String value = rs.getMetadata().getAnnotations() == null ? null
                : rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The pods of the release's workloads as they are now: owned by a ReplicaSet of one of {@code deployments} or by
     * one of {@code statefulSets} (ownerless pods count too), not being deleted. Of a Deployment, only its newest
     * ReplicaSet counts (the highest {@code deployment.kubernetes.io/revision}, once the controller has observed the
     * Deployment's spec): with maxUnavailable 0 the previous revision's pods stay until the new ones are ready, and a
     * rollout that repairs a crash-looping revision must not be failed by that revision's pod. Found on a real cluster, where a kubelet takes 10-50 s to remove a pod: a leftover ImagePullBackOff pod
     * of the release uninstalled by {@code down} (same labels) failed the next install's rollout, and the failed
     * revision's pod, still terminating after an automatic rollback, failed the next rollout.
     */
    static List<Pod> ofCurrentWorkloads(List<Pod> pods, List<Deployment> deployments, List<StatefulSet> statefulSets,
                                        List<io.fabric8.kubernetes.api.model.apps.ReplicaSet> replicaSets) {
        java.util.Set<String> owners = new java.util.HashSet<>();
        statefulSets.forEach(st -> owners.add(st.getMetadata().getUid()));
        for (Deployment d : deployments) {
            // until the controller has seen the Deployment's current spec, none of its ReplicaSets is known to be it
            var status = d.getStatus();
            Long generation = d.getMetadata().getGeneration();
            if (generation != null && (status == null || status.getObservedGeneration() == null
                    || status.getObservedGeneration() < generation)) {
                continue;
            }
            replicaSets.stream()
                    .filter(rs -> rs.getMetadata().getOwnerReferences() != null && rs.getMetadata().getOwnerReferences()
                            .stream().anyMatch(o -> o.getUid() != null && o.getUid().equals(d.getMetadata().getUid())))
                    .filter(rs -> rs.getSpec() == null || rs.getSpec().getReplicas() == null || rs.getSpec().getReplicas() > 0)
                    .max(java.util.Comparator.comparingLong(KubeRolloutWatcher::revision))
                    .ifPresent(rs -> owners.add(rs.getMetadata().getUid()));
        }
        return pods.stream().filter(pod -> pod.getMetadata().getDeletionTimestamp() == null).filter(pod -> {
            var refs = pod.getMetadata().getOwnerReferences();
            return refs == null || refs.isEmpty() || refs.stream().anyMatch(o -> owners.contains(o.getUid()));
        }).toList();
    }

    /** Failures that waiting will not cure, with the evidence a user needs. */
    private Optional<String> fatal(KubernetesClient client, List<Pod> pods) {
        for (Pod pod : pods) {
            for (ContainerStatus cs : statuses(pod)) {
                String reason = cs.getState() != null && cs.getState().getWaiting() != null
                        ? cs.getState().getWaiting().getReason() : null;
                if ("CrashLoopBackOff".equals(reason)) {
                    String logs = lastLogs(client, pod, cs.getName());
                    return Optional.of("pod " + pod.getMetadata().getName() + " container " + cs.getName()
                            + " is in CrashLoopBackOff (restarted " + n(cs.getRestartCount()) + " times); last log lines:\n"
                            + logs);
                }
                if ("ImagePullBackOff".equals(reason) || "ErrImagePull".equals(reason) || "InvalidImageName".equals(reason)
                        || "ErrImageNeverPull".equals(reason)) {
                    return Optional.of("pod " + pod.getMetadata().getName() + " cannot get image " + cs.getImage() + " ("
                            + reason + (cs.getState().getWaiting().getMessage() == null ? ""
                            : ": " + cs.getState().getWaiting().getMessage()) + ")");
                }
            }
        }
        return Optional.empty();
    }

    /** Why pods are not ready yet: the scheduler's message, a failing probe, a waiting container. */
    private List<String> waiting(KubernetesClient client, Snapshot snapshot) {
        List<String> reasons = new ArrayList<>();
        snapshot.components().stream().filter(c -> !c.healthy())
                .forEach(c -> reasons.add(c.name() + " " + c.ready() + "/" + c.desired() + " (" + c.detail() + ")"));
        for (Pod pod : snapshot.pods()) {
            String name = pod.getMetadata().getName();
            if ("Pending".equals(phase(pod))) {
                condition(pod, "PodScheduled").filter(c -> "False".equals(c.getStatus())).ifPresent(c ->
                        reasons.add("pod " + name + " is Pending: " + c.getReason() + ": " + c.getMessage()));
            }
            if (!ready(pod) && "Running".equals(phase(pod))) {
                events(client, name).stream().filter(e -> "Unhealthy".equals(e.getReason()))
                        .filter(e -> e.getInvolvedObject() == null || name.equals(e.getInvolvedObject().getName()))
                        .reduce((a, b) -> b)
                        .ifPresent(e -> reasons.add("pod " + name + " probe failing: " + e.getMessage()));
            }
        }
        return reasons;
    }

    private TodoctlException failure(String why, Snapshot snapshot) {
        return new TodoctlException(Phase.DEPLOY, "rollout of " + release + " failed: " + why,
                List.of("`todoctl logs api` / `todoctl status` show more",
                        "`kubectl -n " + kube.namespace() + " describe pods -l " + INSTANCE_LABEL + "=" + release + "`"));
    }

    private String lastLogs(KubernetesClient client, Pod pod, String container) {
        try {
            String log = PodLog.lastLines(client, kube.namespace(), pod.getMetadata().getName(), container, LOG_LINES);
            return log.isBlank() ? "    (no log output)" : "    " + log.strip().replace("\n", "\n    ");
        } catch (RuntimeException e) {
            return "    (logs unavailable: " + e.getMessage() + ")";
        }
    }

    private List<Event> events(KubernetesClient client, String pod) {
        try {
            // filtered here rather than by a field selector, which not every API server (nor the mock) honours
            return client.v1().events().inNamespace(kube.namespace()).list().getItems().stream()
                    .filter(e -> e.getInvolvedObject() != null && pod.equals(e.getInvolvedObject().getName())).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    static String describe(Pod pod) {
        List<String> parts = new ArrayList<>();
        parts.add(phase(pod));
        for (ContainerStatus cs : statuses(pod)) {
            if (cs.getState() != null && cs.getState().getWaiting() != null && cs.getState().getWaiting().getReason() != null) {
                parts.add(cs.getName() + " " + cs.getState().getWaiting().getReason());
            }
        }
        condition(pod, "PodScheduled").filter(c -> "False".equals(c.getStatus()))
                .ifPresent(c -> parts.add("unschedulable: " + c.getMessage()));
        parts.add(ready(pod) ? "ready" : "not ready");
        return String.join(", ", parts);
    }

    private static List<ContainerStatus> statuses(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    private static boolean ready(Pod pod) {
        return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? Optional.empty()
                : pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static String component(HasMetadata workload) {
        Map<String, String> labels = Optional.ofNullable(workload.getMetadata().getLabels()).orElse(Map.of());
        return labels.getOrDefault(COMPONENT_LABEL, workload.getMetadata().getName());
    }

    private static String image(List<io.fabric8.kubernetes.api.model.Container> containers) {
        return containers.isEmpty() ? "" : containers.getFirst().getImage();
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    private void sleep() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TodoctlException(Phase.DEPLOY, "interrupted while waiting for the rollout", List.of());
        }
    }
}
