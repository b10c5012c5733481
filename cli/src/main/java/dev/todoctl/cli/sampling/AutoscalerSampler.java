package dev.todoctl.cli.sampling;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.List;

/**
 * The release's HorizontalPodAutoscalers during a run (label {@code app.kubernetes.io/instance=<release>}):
 * desired and current replicas from each HPA's status, and how many of its target's pods are Ready.
 */
public final class AutoscalerSampler implements ResourceSampler {
    static final String INSTANCE = "app.kubernetes.io/instance";

    private final KubernetesClient client;
    private final String namespace;
    private final String release;
    private final List<Observation.ScalingSample> samples = new ArrayList<>();
    private String problem;

    public AutoscalerSampler(KubernetesClient client, String namespace, String release) {
        this.client = client;
        this.namespace = namespace;
        this.release = release;
    }

    @Override
    public synchronized void sample(double atSeconds) {
        try {
            List<HorizontalPodAutoscaler> hpas = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                    .withLabel(INSTANCE, release).list().getItems();
            List<Pod> pods = client.pods().inNamespace(namespace).withLabel(INSTANCE, release).list().getItems();
            for (HorizontalPodAutoscaler hpa : hpas) {
                String target = hpa.getSpec().getScaleTargetRef().getName();
                int desired = hpa.getStatus() == null || hpa.getStatus().getDesiredReplicas() == null ? 0 : hpa.getStatus().getDesiredReplicas();
                int current = hpa.getStatus() == null || hpa.getStatus().getCurrentReplicas() == null ? 0 : hpa.getStatus().getCurrentReplicas();
                int ready = (int) pods.stream().filter(p -> p.getMetadata().getName().startsWith(target + "-")).filter(AutoscalerSampler::ready).count();
                samples.add(new Observation.ScalingSample(Math.round(atSeconds * 10) / 10.0, hpa.getMetadata().getName(), desired, current, ready));
            }
        } catch (KubernetesClientException e) {
            problem = e.getMessage();
        }
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Override
    public synchronized Observation observation() {
        if (samples.isEmpty()) {
            return new Observation.NotObserved(problem != null ? "cluster not readable: " + problem
                    : "no HorizontalPodAutoscaler labelled " + INSTANCE + "=" + release + " in namespace " + namespace);
        }
        return new Observation.ScalingTimeline(samples, Observation.summarize(samples));
    }
}
