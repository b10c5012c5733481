package dev.todoctl.cli.ops.resources;

import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;

/**
 * One chart profile's resource needs: per workload, the totals at the rendered replica counts and at the HPAs'
 * maxReplicas, warnings, and whether it fits the cluster ({@link Fit}).
 */
public record ResourceReport(String profile, List<Workload> workloads, Totals atReplicas, Totals atMax,
                             List<String> warnings, Fit fit) {
    public ResourceReport {
        workloads = List.copyOf(workloads);
        warnings = List.copyOf(warnings);
    }

    /** Summed requests and limits; a null limit means some container has none (unbounded). */
    public record Totals(Quantity cpuRequest, Quantity memoryRequest, Quantity cpuLimit, Quantity memoryLimit) {
    }

    /** Whether the requests fit: known against a size, or unknown with how to give one. */
    public sealed interface Fit permits Fit.Known, Fit.Unknown {
        record Known(ClusterSize cluster, boolean atReplicas, boolean atMax) implements Fit {
        }

        record Unknown(String reason, String how) implements Fit {
        }
    }
}
