package dev.todoctl.cli.ops.resources;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Pod arithmetic on a hand-written manifest: init containers, Jobs, missing requests, HPA targets by kind/name. */
@DisplayName("rendered workloads")
class RenderedWorkloadsTest {
    static final String MANIFEST = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              parallelism: 3
              template:
                spec:
                  containers:
                    - name: migrate
                      resources: {requests: {cpu: 200m, memory: 100Mi}, limits: {cpu: 500m, memory: 200Mi}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app}
            spec:
              replicas: 2
              template:
                spec:
                  initContainers:
                    - name: warmup
                      resources: {requests: {cpu: "1", memory: 64Mi}, limits: {cpu: "1", memory: 64Mi}}
                  containers:
                    - name: main
                      resources: {requests: {cpu: 300m, memory: 256Mi}, limits: {cpu: 600m, memory: 512Mi}}
                    - name: sidecar
                      resources: {limits: {cpu: 100m, memory: 32Mi}}
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: app}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app}
              minReplicas: 2
              maxReplicas: 4
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: other}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: app}
              maxReplicas: 9
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: ignored-test-hook}
            spec:
              containers: [{name: t, resources: {requests: {cpu: "50"}}}]
            """;

    @Test
    @DisplayName("a pod asks for the larger of its containers' sum and its largest init container")
    void podRequests() {
        List<Workload> workloads = RenderedWorkloads.read(MANIFEST);
        assertThat(workloads).extracting(Workload::kind).containsExactly("Job", "Deployment");
        Workload app = workloads.get(1);
        assertThat(app.hpaMaxReplicas()).isEqualTo(4);
        // cpu: init 1 > 300m + 100m (the sidecar's request defaults to its limit); memory: 256Mi + 32Mi > 64Mi
        assertThat(Quantities.cpu(app.podCpuRequest())).isEqualTo("1");
        assertThat(Quantities.memory(app.podMemoryRequest())).isEqualTo("288Mi");
        Workload job = workloads.getFirst();
        assertThat(job.replicas()).isEqualTo(3);
        assertThat(job.hpaMaxReplicas()).isNull();
    }

    @Test
    @DisplayName("totals: × replicas, and × HPA maxReplicas for the workload the HPA targets")
    void totals() {
        ResourceReport report = ResourceCalculator.report("x", RenderedWorkloads.read(MANIFEST), Optional.empty(), "none");
        // at replicas: job 3 × 200m + app 2 × 1 = 2.6; at max: 600m + 4 × 1 = 4.6
        assertThat(Quantities.cpu(report.atReplicas().cpuRequest())).isEqualTo("2.6");
        assertThat(Quantities.cpu(report.atMax().cpuRequest())).isEqualTo("4.6");
        assertThat(Quantities.memory(report.atMax().memoryRequest())).isEqualTo("1.42Gi"); // 300Mi + 4 × 288Mi = 1452Mi
        assertThat(report.warnings()).isEmpty();
        assertThat(report.fit()).isInstanceOf(ResourceReport.Fit.Unknown.class);
    }
}
