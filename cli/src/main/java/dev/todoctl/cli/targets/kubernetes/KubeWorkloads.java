package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.targets.Workloads;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;
import java.util.Optional;

/** The release's Deployments and StatefulSets, by the chart's instance and component labels. */
final class KubeWorkloads implements Workloads {
    private final KubernetesTarget target;

    KubeWorkloads(KubernetesTarget target) {
        this.target = target;
    }

    @Override
    public Optional<Workload> find(String component) {
        KubeAccess kube = target.requireReachable();
        String ns = kube.namespace();
        Map<String, String> labels = Map.of(KubeRolloutWatcher.INSTANCE_LABEL, target.context().config().release(),
                KubeRolloutWatcher.COMPONENT_LABEL, component);
        try (KubernetesClient client = kube.client()) {
            Optional<Deployment> deployment = client.apps().deployments().inNamespace(ns).withLabels(labels).list()
                    .getItems().stream().findFirst();
            if (deployment.isPresent()) {
                String name = deployment.get().getMetadata().getName();
                return Optional.of(new Workload("deployment", name, ns,
                        Optional.ofNullable(deployment.get().getSpec().getReplicas()).orElse(1), autoscaler(client, ns, name)));
            }
            return client.apps().statefulSets().inNamespace(ns).withLabels(labels).list().getItems().stream().findFirst()
                    .map((StatefulSet s) -> new Workload("statefulset", s.getMetadata().getName(), ns,
                            Optional.ofNullable(s.getSpec().getReplicas()).orElse(1), Optional.empty()));
        }
    }

    @Override
    public void scale(Workload workload, int replicas) {
        try (KubernetesClient client = target.kube().client()) {
            if (workload.stateful()) {
                client.apps().statefulSets().inNamespace(workload.namespace()).withName(workload.name()).scale(replicas);
            } else {
                client.apps().deployments().inNamespace(workload.namespace()).withName(workload.name()).scale(replicas);
            }
        }
    }

    @Override
    public void rollingRestart(Workload workload) {
        try (KubernetesClient client = target.kube().client()) {
            if (workload.stateful()) {
                client.apps().statefulSets().inNamespace(workload.namespace()).withName(workload.name()).rolling().restart();
            } else {
                client.apps().deployments().inNamespace(workload.namespace()).withName(workload.name()).rolling().restart();
            }
        }
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
