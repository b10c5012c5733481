package dev.todoctl.cli.sampling;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The HPA sampler against fabric8's mock API server in CRUD mode; the test plays the autoscaler. */
@EnableKubernetesMockClient(crud = true)
@DisplayName("autoscaler sampling")
class AutoscalerSamplerTest {
    KubernetesClient client;

    @Test
    @DisplayName("desired/current replicas and ready pods per sample, summed up as a timeline")
    void timeline() {
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("todo").resource(hpa(1, 1)).create();
        readyPod("todo-api-aaaa", true);
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("todo").resource(
                new HorizontalPodAutoscalerBuilder(hpa(1, 1)).editMetadata().withName("other").withLabels(java.util.Map.of(
                        AutoscalerSampler.INSTANCE, "someone-else")).endMetadata().build()).create();
        AutoscalerSampler sampler = new AutoscalerSampler(client, "todo", "todo");

        sampler.sample(0);
        setStatus(3, 1);
        sampler.sample(3);
        readyPod("todo-api-bbbb", true);
        readyPod("todo-api-cccc", false);
        setStatus(3, 3);
        sampler.sample(6);
        setStatus(1, 1);
        sampler.sample(9);

        Observation.ScalingTimeline t = (Observation.ScalingTimeline) sampler.observation();
        assertThat(t.samples()).extracting(Observation.ScalingSample::ready).containsExactly(1, 1, 2, 2);
        assertThat(t.samples()).extracting(Observation.ScalingSample::autoscaler).containsOnly("todo-api");
        assertThat(t.autoscalers()).containsExactly(new Observation.ScalingSummary("todo-api", 1, 3, 3.0, 9.0));
    }

    @Test
    @DisplayName("no autoscaler for the release: says so")
    void none() {
        AutoscalerSampler sampler = new AutoscalerSampler(client, "todo", "todo");
        sampler.sample(0);
        assertThat(sampler.observation()).isInstanceOfSatisfying(Observation.NotObserved.class,
                n -> assertThat(n.reason()).contains("no HorizontalPodAutoscaler", "app.kubernetes.io/instance=todo"));
    }

    private HorizontalPodAutoscaler hpa(int desired, int current) {
        return new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("todo-api").withNamespace("todo").addToLabels(AutoscalerSampler.INSTANCE, "todo").endMetadata()
                .withNewSpec().withMinReplicas(1).withMaxReplicas(5)
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("todo-api").endScaleTargetRef()
                .endSpec()
                .withNewStatus().withDesiredReplicas(desired).withCurrentReplicas(current).endStatus()
                .build();
    }

    private void setStatus(int desired, int current) {
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("todo").withName("todo-api")
                .edit(h -> new HorizontalPodAutoscalerBuilder(h).editStatus().withDesiredReplicas(desired).withCurrentReplicas(current)
                        .endStatus().build());
    }

    private void readyPod(String name, boolean ready) {
        client.pods().inNamespace("todo").resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("todo").addToLabels(AutoscalerSampler.INSTANCE, "todo").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
                .build()).create();
    }
}
