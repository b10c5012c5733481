package dev.todoctl.cli.targets.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * fabric8's mock API server in CRUD mode behind {@link HelmShimDispatcher}, plus a stand-in for the controllers
 * and kubelet: every 100 ms it gives each Deployment and StatefulSet pods for its current template and the status
 * a rollout ends with. The image tag decides the pods' fate: {@code :crash} → CrashLoopBackOff (with log lines),
 * {@code :pullfail} → ImagePullBackOff, {@code :pending} → Pending with the scheduler's message, anything else →
 * Running and Ready.
 */
public final class MockCluster implements AutoCloseable {
    public static final String CRASH_LOG = "Starting todo-chatbot api\nFATAL: password authentication failed for user \"todo\"";

    final HelmShimDispatcher dispatcher = new HelmShimDispatcher();
    final KubernetesMockServer server;
    public final KubernetesClient client;
    private final Thread controller;
    private volatile boolean running = true;

    public MockCluster() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.49.2").endAddress()
                .endStatus().build()).create();
        controller = Thread.ofPlatform().daemon().name("mock-controllers").start(this::loop);
    }

    String url() {
        return client.getConfiguration().getMasterUrl();
    }

    /** A kubeconfig with one context pointing at the mock server. */
    public Path kubeconfig(Path dir, String context) throws IOException {
        return writeKubeconfig(dir.resolve("kubeconfig-" + context), url(), context);
    }

    /** What the kubelet answers for {@code pod}'s container logs. */
    public void containerLog(String pod, String log) {
        dispatcher.logs.put(pod, log);
    }

    /** A kubeconfig with one context {@code context} for the API server at {@code url} (token auth, no TLS check). */
    public static Path writeKubeconfig(Path file, String url, String context) throws IOException {
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                users:
                - name: mock
                  user:
                    token: test-token
                contexts:
                - name: %s
                  context:
                    cluster: mock
                    user: mock
                current-context: %s
                """.formatted(url.replaceAll("/$", ""), context, context));
        return file;
    }

    private void loop() {
        while (running) {
            try {
                for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
                    reconcile(d.getMetadata().getNamespace(), d.getMetadata().getName(), d.getSpec().getReplicas(),
                            d.getSpec().getTemplate(), d.getMetadata().getGeneration(), true);
                }
                for (StatefulSet s : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
                    reconcile(s.getMetadata().getNamespace(), s.getMetadata().getName(), s.getSpec().getReplicas(),
                            s.getSpec().getTemplate(), s.getMetadata().getGeneration(), false);
                    for (var claim : s.getSpec().getVolumeClaimTemplates()) {
                        String name = claim.getMetadata().getName() + "-" + s.getMetadata().getName() + "-0";
                        var pvcs = client.persistentVolumeClaims().inNamespace(s.getMetadata().getNamespace());
                        if (pvcs.withName(name).get() == null) {
                            pvcs.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(name)
                                    .withLabels(claim.getMetadata().getLabels()).endMetadata()
                                    .withSpec(claim.getSpec()).build()).create();
                        }
                    }
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // an object changed under us (Helm replacing it): next round
            }
        }
    }

    private void reconcile(String ns, String owner, Integer replicas, PodTemplateSpec template, Long generation,
                           boolean deployment) {
        int desired = replicas == null ? 1 : replicas;
        List<Container> containers = template.getSpec().getContainers();
        String image = containers.getFirst().getImage();
        String hash = Integer.toHexString(Objects.hash(containers.stream().map(Container::getImage).toList()) & 0xfffffff);
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put("mock/owner", owner);
        labels.put("mock/hash", hash);
        var pods = client.pods().inNamespace(ns);
        for (Pod pod : pods.withLabel("mock/owner", owner).list().getItems()) {
            if (!hash.equals(pod.getMetadata().getLabels().get("mock/hash"))) {
                pods.withName(pod.getMetadata().getName()).delete();
            }
        }
        boolean ok = !image.endsWith(":crash") && !image.endsWith(":pullfail") && !image.endsWith(":pending")
                && !image.endsWith(":unready");
        for (int i = 0; i < desired; i++) {
            String name = owner + "-" + hash + "-" + i;
            if (pods.withName(name).get() == null) {
                pods.resource(pod(name, labels, containers, image)).create();
                if (image.endsWith(":unready")) {
                    client.v1().events().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                            .withNewMetadata().withName(name + ".unhealthy").endMetadata().withReason("Unhealthy")
                            .withType("Warning").withNewInvolvedObject().withKind("Pod").withName(name).endInvolvedObject()
                            .withMessage("Readiness probe failed: HTTP probe failed with statuscode: 503").build()).create();
                }
                dispatcher.logs.put(name, image.endsWith(":crash") ? CRASH_LOG : "listening on port 8080\nready\n");
            }
        }
        int ready = ok ? desired : 0;
        if (deployment) {
            var resource = client.apps().deployments().inNamespace(ns).withName(owner);
            Deployment d = resource.get();
            var status = new DeploymentStatusBuilder().withReplicas(desired).withUpdatedReplicas(desired)
                    .withReadyReplicas(ready).withAvailableReplicas(ready).withObservedGeneration(generation).build();
            if (d != null && !status.equals(d.getStatus())) {
                d.setStatus(status);
                resource.updateStatus(d);
            }
        } else {
            var resource = client.apps().statefulSets().inNamespace(ns).withName(owner);
            StatefulSet s = resource.get();
            var status = new StatefulSetStatusBuilder().withReplicas(desired).withReadyReplicas(ready)
                    .withUpdatedReplicas(desired).withCurrentRevision(owner + "-" + hash)
                    .withUpdateRevision(owner + "-" + hash).withObservedGeneration(generation).build();
            if (s != null && !status.equals(s.getStatus())) {
                s.setStatus(status);
                resource.updateStatus(s);
            }
        }
    }

    private static Pod pod(String name, Map<String, String> labels, List<Container> containers, String image) {
        PodStatusBuilder status = new PodStatusBuilder();
        String c = containers.getFirst().getName();
        if (image.endsWith(":pending")) {
            status.withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage("0/1 nodes are available: 1 Insufficient memory.").endCondition();
        } else if (image.endsWith(":unready")) {
            status.withPhase("Running").addNewCondition().withType("Ready").withStatus("False").endCondition()
                    .withContainerStatuses(new ContainerStatusBuilder().withName(c).withImage(image).withReady(false)
                            .withRestartCount(0).withNewState().withNewRunning().endRunning().endState().build());
        } else if (image.endsWith(":crash")) {
            status.withPhase("Running").addNewCondition().withType("Ready").withStatus("False").endCondition()
                    .withContainerStatuses(new ContainerStatusBuilder().withName(c).withImage(image).withReady(false)
                            .withRestartCount(4).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                            .withMessage("back-off 40s restarting failed container").endWaiting().endState().build());
        } else if (image.endsWith(":pullfail")) {
            status.withPhase("Pending").addNewCondition().withType("Ready").withStatus("False").endCondition()
                    .withContainerStatuses(new ContainerStatusBuilder().withName(c).withImage(image).withReady(false)
                            .withRestartCount(0).withNewState().withNewWaiting().withReason("ImagePullBackOff")
                            .withMessage("Back-off pulling image \"" + image + "\"").endWaiting().endState().build());
        } else {
            status.withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .withContainerStatuses(new ContainerStatusBuilder().withName(c).withImage(image).withReady(true)
                            .withRestartCount(0).withNewState().withNewRunning().endRunning().endState().build());
        }
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withContainers(containers).endSpec().withStatus(status.build()).build();
    }

    @Override
    public void close() {
        running = false;
        controller.interrupt();
        client.close();
        server.destroy();
    }
}
