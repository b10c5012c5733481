package dev.todoctl.cli.ops.resources;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.targets.kubernetes.KubeAccess;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

/** The current kube context's allocatable capacity, read through fabric8 when the context answers. */
public final class ClusterCapacity {
    /** The size, or why there is none. */
    public record Result(ClusterSize size, String whyUnknown) {
    }

    private ClusterCapacity() {
    }

    public static Result read(Environment env, String context, String namespace) {
        KubeAccess kube;
        try {
            kube = KubeAccess.from(env, context, namespace);
        } catch (TodoctlException e) {
            return new Result(null, e.getMessage());
        }
        try (KubernetesClient client = kube.quickClient()) {
            List<Node> nodes = client.nodes().list().getItems();
            if (nodes.isEmpty()) {
                return new Result(null, "kube context " + kube.context() + " lists no nodes");
            }
            return new Result(ClusterSize.ofNodes(nodes, kube.context()), null);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return new Result(null, "kube context " + kube.context() + " not reachable: " + root.getMessage());
        }
    }
}
