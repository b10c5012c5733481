package dev.todoctl.cli.ops.assistant;

import dev.todoctl.cli.targets.kubernetes.HelmService;
import dev.todoctl.cli.targets.kubernetes.ReleaseRecord;
import dev.todoctl.cli.targets.kubernetes.KubeRolloutWatcher;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.kubernetes.KubeAccess;
import dev.todoctl.cli.targets.kubernetes.KubernetesTarget;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mutating half of the assistant: it looks at the current state, then returns a {@link PlannedChange} that
 * says exactly what will happen (names, namespace, from and to) — or why it cannot happen here. It never changes
 * anything itself; the work sits inside the planned change until the gate approves it.
 */
final class ChangePlanner {
    static final int MAX_REPLICAS = 20;

    private final Target target;
    private final TargetInspector inspector;
    private final Duration readyTimeout;

    ChangePlanner(Target target, TargetInspector inspector, Duration readyTimeout) {
        this.target = target;
        this.inspector = inspector;
        this.readyTimeout = readyTimeout;
    }

    Plan scale(String component, int replicas) {
        if (replicas < 0 || replicas > MAX_REPLICAS) {
            return Plan.notPossible("Cannot scale to " + replicas + " replicas: give a number from 0 to " + MAX_REPLICAS + ".");
        }
        if (!(target instanceof KubernetesTarget k)) {
            return Plan.notPossible("Scaling is not supported on the " + target.name() + " target: it runs one "
                    + (target.name().equals("docker") ? "container" : "process") + " per component. Only the kubernetes "
                    + "target can run several replicas.");
        }
        Optional<String> name = Components.resolve(component, inspector.componentNames());
        if (name.isEmpty()) {
            return Plan.notPossible(inspector.unknownComponent(component));
        }
        KubeAccess kube = k.requireReachable();
        String ns = kube.namespace();
        try (KubernetesClient client = kube.client()) {
            Optional<Deployment> deployment = workload(client.apps().deployments().inNamespace(ns)
                    .withLabels(labels(k, name.get())).list().getItems());
            if (deployment.isEmpty()) {
                boolean stateful = !client.apps().statefulSets().inNamespace(ns).withLabels(labels(k, name.get()))
                        .list().getItems().isEmpty();
                return Plan.notPossible(stateful
                        ? "The " + name.get() + " is a StatefulSet with a single PostgreSQL instance; more replicas would "
                        + "not replicate its data, so todoctl does not scale it."
                        : "There is no Deployment for " + name.get() + " in namespace " + ns + "; is the release deployed?");
            }
            String deploymentName = deployment.get().getMetadata().getName();
            int current = Optional.ofNullable(deployment.get().getSpec().getReplicas()).orElse(1);
            if (current == replicas) {
                return Plan.notPossible("Deployment " + deploymentName + " in namespace " + ns + " already has "
                        + replicas + " replicas; nothing to change.");
            }
            String note = autoscaler(client, ns, deploymentName).map(h -> " (note: HorizontalPodAutoscaler " + h
                    + " manages this Deployment and may change the count back)").orElse("");
            String description = "Will scale deployment " + deploymentName + " in namespace " + ns + " from " + current
                    + " to " + replicas + " replicas" + note + ".";
            return PlannedChange.of(description, () -> {
                try (KubernetesClient c = kube.client()) {
                    c.apps().deployments().inNamespace(ns).withName(deploymentName).scale(replicas);
                }
                return "Scaled deployment " + deploymentName + " in namespace " + ns + " from " + current + " to "
                        + replicas + " replicas; the pods follow within moments (ask \"is everything healthy?\").";
            });
        }
    }

    Plan restart(String component) {
        Optional<String> name = Components.resolve(component, inspector.componentNames());
        if (name.isEmpty()) {
            return Plan.notPossible(inspector.unknownComponent(component));
        }
        String c = name.get();
        if (target instanceof KubernetesTarget k) {
            return kubeRestart(k, c);
        }
        if (!target.canRestart()) {
            return Plan.notPossible("The " + target.name() + " target cannot restart a component.");
        }
        String what = target.name().equals("docker") ? "container" : target.name().equals("local") ? "process" : "component";
        return PlannedChange.of("Will restart the " + c + " " + what + " on the " + target.name()
                + " target (same configuration and data; it is unavailable while it starts).", () -> {
                    target.restart(c);
                    return "Restarted the " + c + " " + what + " on the " + target.name() + " target; it is starting "
                            + "(ask \"is everything healthy?\" in a few seconds).";
                });
    }

    /** Kubernetes' own restart: a rolling restart of the workload, pods replaced one by one. */
    private Plan kubeRestart(KubernetesTarget k, String component) {
        KubeAccess kube = k.requireReachable();
        String ns = kube.namespace();
        try (KubernetesClient client = kube.client()) {
            Optional<Deployment> d = workload(client.apps().deployments().inNamespace(ns)
                    .withLabels(labels(k, component)).list().getItems());
            Optional<StatefulSet> s = workload(client.apps().statefulSets().inNamespace(ns)
                    .withLabels(labels(k, component)).list().getItems());
            if (d.isEmpty() && s.isEmpty()) {
                return Plan.notPossible("There is no workload for " + component + " in namespace " + ns + ".");
            }
            String kind = d.isPresent() ? "deployment" : "statefulset";
            String workload = d.map(x -> x.getMetadata().getName()).orElseGet(() -> s.get().getMetadata().getName());
            return PlannedChange.of("Will do a rolling restart of " + kind + " " + workload + " in namespace " + ns
                    + " (pods replaced one by one).", () -> {
                        try (KubernetesClient c = kube.client()) {
                            if (d.isPresent()) {
                                c.apps().deployments().inNamespace(ns).withName(workload).rolling().restart();
                            } else {
                                c.apps().statefulSets().inNamespace(ns).withName(workload).rolling().restart();
                            }
                        }
                        return "Started a rolling restart of " + kind + " " + workload + " in namespace " + ns + ".";
                    });
        }
    }

    /** Helm's rollback as {@code todoctl rollback} does it: a new revision from revision N's chart and values. */
    Plan rollback(Integer revision) {
        if (!(target instanceof KubernetesTarget k)) {
            return Plan.notPossible("Rollback is not available on the " + target.name() + " target: revisions are kept "
                    + "by Helm releases on the kubernetes target only. Redeploy the version you want with `todoctl up`.");
        }
        k.requireReachable();
        HelmService helm = k.helm();
        String release = k.context().config().release();
        List<ReleaseRecord> history = helm.history();
        if (history.isEmpty()) {
            return Plan.notPossible("Release " + release + " has no revisions to roll back.");
        }
        ReleaseRecord current = history.getLast();
        Optional<ReleaseRecord> to = revision == null ? helm.lastGoodBefore(current.revision())
                : history.stream().filter(r -> r.revision() == revision).findFirst();
        if (to.isEmpty()) {
            return Plan.notPossible(revision == null
                    ? "There is no good revision before revision " + current.revision() + " to go back to."
                    : "Release " + release + " has no revision " + revision + "; revisions are "
                    + String.join(", ", history.stream().map(r -> String.valueOf(r.revision())).toList()) + ".");
        }
        if (to.get().revision() == current.revision()) {
            return Plan.notPossible("Revision " + current.revision() + " is already the current one.");
        }
        int toRevision = to.get().revision();
        String description = "Will roll back release " + release + " in namespace " + k.context().config().kubernetes()
                .namespace() + " from revision " + current.revision() + " to revision " + toRevision + " (images "
                + String.join(", ", to.get().images()) + "), then wait for the rollout.";
        return PlannedChange.of(description, () -> {
            KubernetesTarget.RollbackResult r = k.rollback(Optional.of(toRevision), readyTimeout);
            return "Rolled back " + r.release() + " from revision " + r.from() + " to revision " + r.to()
                    + " (now revision " + r.revision() + "): " + r.rollout().summary();
        });
    }

    /** Chart value paths that may be set this way; secrets never go through chart values. */
    private static final java.util.regex.Pattern VALUE_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final java.util.regex.Pattern SECRET_KEY = java.util.regex.Pattern.compile(
            "(?i).*(password|secret|token|api[_-]?key|credential).*");

    /** {@code helm upgrade --reuse-values --set key=value} of the current revision, then the rollout wait. */
    Plan setValue(String key, String value) {
        if (key == null || !VALUE_KEY.matcher(key).matches() || value == null) {
            return Plan.notPossible("Give a chart value path like api.env.LOG_LEVEL and a value.");
        }
        if (SECRET_KEY.matcher(key).matches()) {
            return Plan.notPossible("Not setting " + key + ": secrets never go into chart values (they would be stored "
                    + "in the release record). Pass them with `todoctl deploy --env-file FILE`, which puts them in a Secret.");
        }
        if (!(target instanceof KubernetesTarget k)) {
            return Plan.notPossible("Setting chart values needs the kubernetes target (a Helm release); on the "
                    + target.name() + " target change todoctl.yaml or --set and run `todoctl up`.");
        }
        k.requireReachable();
        HelmService helm = k.helm();
        String release = k.context().config().release();
        Optional<ReleaseRecord> current = helm.current();
        if (current.isEmpty()) {
            return Plan.notPossible("Release " + release + " is not deployed; run `todoctl up` first.");
        }
        Object now = current.get().config();
        for (String part : key.split("\\.")) {
            now = now instanceof Map<?, ?> m ? m.get(part) : null;
        }
        String description = "Will set " + key + "=" + value + " on release " + release + " in namespace "
                + k.context().config().kubernetes().namespace() + " (now " + (now == null ? "the chart's default"
                : String.valueOf(now)) + "), as a new revision after " + current.get().revision()
                + " with the same chart and values, then wait for the rollout; if it fails, revision "
                + current.get().revision() + " is put back.";
        return PlannedChange.of(description, () -> {
            KubernetesTarget.SetValueResult r = k.setValues(Map.of(key, value), readyTimeout);
            return "Set " + key + "=" + value + " on " + r.release() + ": revision " + r.revision() + " (was "
                    + r.from() + "): " + r.rollout().summary();
        });
    }

    private static Map<String, String> labels(KubernetesTarget k, String component) {
        return Map.of(KubeRolloutWatcher.INSTANCE_LABEL, k.context().config().release(),
                KubeRolloutWatcher.COMPONENT_LABEL, component);
    }

    private static <T> Optional<T> workload(List<T> items) {
        return items.stream().findFirst();
    }

    private static Optional<String> autoscaler(KubernetesClient client, String ns, String deployment) {
        try {
            return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).list().getItems().stream()
                    .filter(h -> h.getSpec() != null && h.getSpec().getScaleTargetRef() != null
                            && deployment.equals(h.getSpec().getScaleTargetRef().getName()))
                    .map(h -> h.getMetadata().getName() + " (" + Optional.ofNullable(h.getSpec().getMinReplicas()).orElse(1)
                            + "-" + h.getSpec().getMaxReplicas() + " replicas)")
                    .findFirst();
        } catch (RuntimeException e) {
            return Optional.empty(); // no autoscaling API: nothing can override the count
        }
    }
}
