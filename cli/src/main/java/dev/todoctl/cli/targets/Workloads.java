package dev.todoctl.cli.targets;

import java.util.Optional;

/**
 * The release's replicated workloads (kubernetes Deployments and StatefulSets): what exists, scaling and rolling
 * restarts. Targets that run one container or process per component do not have it.
 */
public interface Workloads {
    /**
     * A component's workload: its kind (deployment/statefulset), name, namespace, replica count, and the autoscaler
     * that manages it, if any.
     */
    record Workload(String kind, String name, String namespace, int replicas, Optional<String> autoscaler) {
        public boolean stateful() {
            return kind.equals("statefulset");
        }
    }

    Optional<Workload> find(String component);

    void scale(Workload workload, int replicas);

    /** Replaces the workload's pods one by one (kubectl rollout restart). */
    void rollingRestart(Workload workload);
}
