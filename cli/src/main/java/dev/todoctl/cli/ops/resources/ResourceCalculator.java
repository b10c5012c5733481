package dev.todoctl.cli.ops.resources;

import io.fabric8.kubernetes.api.model.Quantity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Pure arithmetic over rendered workloads: totals, warnings, fit. */
public final class ResourceCalculator {
    private ResourceCalculator() {
    }

    /** {@code cluster} empty: the fit is unknown for {@code whyUnknown}. */
    public static ResourceReport report(String profile, List<Workload> workloads, Optional<ClusterSize> cluster,
                                        String whyUnknown) {
        List<String> warnings = new ArrayList<>();
        for (Workload w : workloads) {
            for (ContainerResources c : w.containers()) {
                String where = w.kind() + " " + w.name() + (c.init() ? " init container " : " container ") + c.name();
                check(where, "cpu", c.cpuRequest(), c.cpuLimit(), Quantities::cpu, warnings);
                check(where, "memory", c.memoryRequest(), c.memoryLimit(), Quantities::memory, warnings);
            }
        }
        ResourceReport.Totals atReplicas = totals(workloads, Workload::replicas);
        ResourceReport.Totals atMax = totals(workloads, Workload::maxReplicas);
        ResourceReport.Fit fit;
        if (cluster.isPresent()) {
            ClusterSize size = cluster.get();
            boolean fitsNow = fits(atReplicas, size);
            boolean fitsMax = fits(atMax, size);
            if (!fitsMax) {
                warnings.add("requests at " + (fitsNow ? "HPA max" : "the rendered replica counts") + " ("
                        + Quantities.cpu(fitsNow ? atMax.cpuRequest() : atReplicas.cpuRequest()) + " cpu, "
                        + Quantities.memory(fitsNow ? atMax.memoryRequest() : atReplicas.memoryRequest())
                        + " memory) exceed the cluster (" + Quantities.cpu(size.cpu()) + " cpu, "
                        + Quantities.memory(size.memory()) + " memory): pods would stay Pending");
            }
            fit = new ResourceReport.Fit.Known(size, fitsNow, fitsMax);
        } else {
            fit = new ResourceReport.Fit.Unknown(whyUnknown,
                    "pass the cluster's size: --cluster-cpus N --cluster-memory Q (e.g. 4 and 16Gi)");
        }
        return new ResourceReport(profile, workloads, atReplicas, atMax, warnings, fit);
    }

    private static void check(String where, String resource, Quantity request, Quantity limit,
                              Function<Quantity, String> show, List<String> warnings) {
        if (limit == null) {
            warnings.add(where + " has no " + resource + " limit" + (resource.equals("memory")
                    ? ": it can take the node's memory and get other pods OOM-killed"
                    : ": it can starve its neighbours under load"));
        } else if (request != null && Quantities.compare(request, limit) > 0) {
            warnings.add(where + " requests more " + resource + " (" + show.apply(request) + ") than its limit ("
                    + show.apply(limit) + "): the API server rejects such a pod");
        }
    }

    private static ResourceReport.Totals totals(List<Workload> workloads, Function<Workload, Integer> replicas) {
        Quantity cpuRequest = new Quantity("0");
        Quantity memoryRequest = new Quantity("0");
        Quantity cpuLimit = new Quantity("0");
        Quantity memoryLimit = new Quantity("0");
        for (Workload w : workloads) {
            int n = replicas.apply(w);
            cpuRequest = add(cpuRequest, w.podCpuRequest(), n);
            memoryRequest = add(memoryRequest, w.podMemoryRequest(), n);
            cpuLimit = cpuLimit == null || w.podCpuLimit() == null ? null : add(cpuLimit, w.podCpuLimit(), n);
            memoryLimit = memoryLimit == null || w.podMemoryLimit() == null ? null : add(memoryLimit, w.podMemoryLimit(), n);
        }
        return new ResourceReport.Totals(cpuRequest, memoryRequest, cpuLimit, memoryLimit);
    }

    private static Quantity add(Quantity sum, Quantity perPod, int replicas) {
        return perPod == null ? sum : sum.add(perPod.multiply(replicas));
    }

    private static boolean fits(ResourceReport.Totals totals, ClusterSize size) {
        return Quantities.compare(totals.cpuRequest(), size.cpu()) <= 0
                && Quantities.compare(totals.memoryRequest(), size.memory()) <= 0;
    }
}
