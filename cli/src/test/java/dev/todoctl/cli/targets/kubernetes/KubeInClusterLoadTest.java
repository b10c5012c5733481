package dev.todoctl.cli.targets.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import dev.todoctl.scenarios.LoadPlan;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("load generators on kubernetes: room on the nodes, the Job, the api's request counter")
class KubeInClusterLoadTest {

    static Node node(String name, String cpu, String memory) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .withAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110")))
                .endStatus().build();
    }

    static Pod pod(String node, String cpu, String memory, String phase) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().withNodeName(node)
                .addNewContainer().withName("c").withNewResources().addToRequests("cpu", new Quantity(cpu))
                .addToRequests("memory", new Quantity(memory)).endResources().endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus().build();
    }

    @Test
    @DisplayName("room: what the nodes allocate minus what their live pods request, by CPU and by memory")
    void room() {
        assertThat(KubeInClusterLoad.room(List.of(node("n", "2", "8Gi")), List.of())).isEqualTo(10);
        assertThat(KubeInClusterLoad.room(List.of(node("n", "2", "8Gi")), List.of(pod("n", "1500m", "1Gi", "Running"),
                pod("n", "1", "1Gi", "Succeeded"), pod("other", "2", "1Gi", "Running")))).isEqualTo(2);
        assertThat(KubeInClusterLoad.room(List.of(node("n", "4", "1Gi")), List.of())).as("memory bound").isEqualTo(2);
        Node cordoned = node("c", "8", "8Gi");
        cordoned.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
        cordoned.getSpec().setUnschedulable(true);
        assertThat(KubeInClusterLoad.room(List.of(cordoned), List.of())).isZero();
    }

    @Test
    @DisplayName("the Job: N completions and N in parallel, no retries, the plan and each pod's share in its environment")
    void job() {
        LoadPlan plan = new LoadPlan("crud", "http://10.0.0.4:8080", 4, Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ZERO,
                Path.of("/tmp/x"), "run1", List.of());
        Job job = KubeInClusterLoad.job("it-loadgen-x", plan, 2, 2, "reg/gen:1");
        assertThat(job.getSpec().getCompletions()).isEqualTo(2);
        assertThat(job.getSpec().getParallelism()).isEqualTo(2);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        var container = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(container.getEnv()).anyMatch(e -> e.getName().equals("TODOCTL_USERS") && e.getValue().equals("2"))
                .anyMatch(e -> e.getName().equals("TODOCTL_PLAN") && e.getValue().contains("baseUrl=http\\://10.0.0.4\\:8080"));
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(KubeInClusterLoad.JOB_LABEL, "it-loadgen-x");
    }

    @Test
    @DisplayName("requests from /metrics: the app's routes summed, probes and scrapes left out")
    void requests() {
        String metrics = """
                # TYPE http_server_requests_seconds histogram
                http_server_requests_seconds_bucket{method="GET",route="/api/v1/tasks",status="200",le="0.005"} 3.0
                http_server_requests_seconds_count{method="GET",route="/api/v1/tasks",status="200"} 40.0
                http_server_requests_seconds_count{method="POST",route="/api/v1/tasks",status="201"} 12.0
                http_server_requests_seconds_count{method="GET",route="/health/ready",status="200"} 300.0
                http_server_requests_seconds_count{method="GET",route="/metrics",status="200"} 9.0
                """;
        assertThat(KubeInClusterLoad.requests(metrics)).isEqualTo(52);
    }
}
