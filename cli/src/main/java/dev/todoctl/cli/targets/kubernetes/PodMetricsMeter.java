package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.targets.UsageMeter;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pod usage from the cluster's metrics API (metrics.k8s.io, served by metrics-server); when it is not served, the
 * pods' configured memory requests and limits instead, said to be such.
 */
final class PodMetricsMeter implements UsageMeter {
    private final KubernetesTarget target;

    PodMetricsMeter(KubernetesTarget target) {
        this.target = target;
    }

    @Override
    public Reading read() {
        KubeAccess kube = target.requireReachable();
        String release = target.context().config().release();
        String source = "metrics API";
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
                return new Reading(source, List.of(), "Pod metrics are not available: the cluster's metrics API "
                        + "(metrics.k8s.io, served by metrics-server) did not answer (" + KubernetesTarget.firstLine(e)
                        + "). Install metrics-server (minikube: `minikube addons enable metrics-server`) and ask again.\n"
                        + limits(client, kube.namespace(), release));
            }
            if (pods.isEmpty()) {
                return new Reading(source, List.of(), "The metrics API answered but has no figures for release " + release
                        + " yet (metrics-server needs about a minute after pods start).\n"
                        + limits(client, kube.namespace(), release));
            }
            List<Use> use = new ArrayList<>();
            for (PodMetrics pod : pods) {
                double mem = 0;
                double cpu = 0;
                for (var c : pod.getContainers()) {
                    mem += amount(c.getUsage().get("memory")) / 1024 / 1024;
                    cpu += amount(c.getUsage().get("cpu")) * 100;
                }
                use.add(new Use("pod " + pod.getMetadata().getName(), mem, cpu));
            }
            return new Reading(source, use, "");
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
}
