package dev.todoctl.cli.targets.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** The release's pod logs through the API server: one pod followed, or every selected pod's log once, prefixed. */
final class KubeLogs {
    private final KubernetesTarget target;

    KubeLogs(KubernetesTarget target) {
        this.target = target;
    }

    void logs(String component, boolean follow, PrintWriter out) {
        KubeAccess kube = target.requireReachable();
        try (KubernetesClient client = kube.client()) {
            var pods = client.pods().inNamespace(kube.namespace()).withLabel(KubeRolloutWatcher.INSTANCE_LABEL,
                    target.context().config().release());
            List<Pod> selected = (component == null ? pods : pods.withLabel(KubeRolloutWatcher.COMPONENT_LABEL, component))
                    .list().getItems();
            for (Pod pod : selected) {
                String name = pod.getMetadata().getName();
                String container = pod.getSpec().getContainers().getFirst().getName();
                var resource = client.pods().inNamespace(kube.namespace()).withName(name).inContainer(container);
                if (follow && selected.size() == 1) {
                    try (var watch = resource.watchLog()) {
                        watch.getOutput().transferTo(new java.io.OutputStream() {
                            @Override
                            public void write(int b) {
                                out.write(b);
                                if (b == '\n') {
                                    out.flush();
                                }
                            }
                        });
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                } else {
                    String log = Optional.ofNullable(resource.getLog()).orElse("");
                    log.lines().forEach(line -> out.println((component == null || selected.size() > 1 ? name + " | " : "") + line));
                }
            }
            out.flush();
        }
    }
}
