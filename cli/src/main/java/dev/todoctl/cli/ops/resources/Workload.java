package dev.todoctl.cli.ops.resources;

import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;
import java.util.function.Function;

/**
 * A Deployment, StatefulSet or Job of the rendered chart: its pod's containers, how many pods it runs, and the
 * HPA's maxReplicas when one targets it ({@code null} otherwise).
 */
public record Workload(String kind, String name, int replicas, Integer hpaMaxReplicas, List<ContainerResources> containers) {
    public Workload {
        containers = List.copyOf(containers);
    }

    public int maxReplicas() {
        return hpaMaxReplicas == null ? replicas : Math.max(replicas, hpaMaxReplicas);
    }

    public Quantity podCpuRequest() {
        return pod(ContainerResources::cpuRequest);
    }

    public Quantity podMemoryRequest() {
        return pod(ContainerResources::memoryRequest);
    }

    /** Null when a container lacks the limit: the pod is then unbounded. */
    public Quantity podCpuLimit() {
        return podLimit(ContainerResources::cpuLimit);
    }

    public Quantity podMemoryLimit() {
        return podLimit(ContainerResources::memoryLimit);
    }

    /**
     * The pod's effective amount as the scheduler computes it: the larger of the app containers' sum and the
     * largest init container (init containers run one at a time, before the others).
     */
    private Quantity pod(Function<ContainerResources, Quantity> of) {
        Quantity sum = null;
        Quantity largestInit = null;
        for (ContainerResources c : containers) {
            Quantity q = of.apply(c);
            if (q == null) {
                continue;
            }
            if (c.init()) {
                largestInit = Quantities.max(largestInit, q);
            } else {
                sum = sum == null ? q : sum.add(q);
            }
        }
        return Quantities.max(sum, largestInit);
    }

    private Quantity podLimit(Function<ContainerResources, Quantity> of) {
        return containers.stream().anyMatch(c -> of.apply(c) == null) ? null : pod(of);
    }
}
