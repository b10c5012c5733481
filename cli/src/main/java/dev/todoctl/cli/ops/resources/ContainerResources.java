package dev.todoctl.cli.ops.resources;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.Map;

/** One container's requests and limits as rendered; a null quantity means "not set". */
public record ContainerResources(String name, boolean init, Quantity cpuRequest, Quantity memoryRequest,
                                 Quantity cpuLimit, Quantity memoryLimit) {

    static ContainerResources of(Container c, boolean init) {
        ResourceRequirements r = c.getResources();
        Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
        Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
        // Kubernetes defaults a missing request to the limit: the scheduler reserves that much.
        return new ContainerResources(c.getName(), init, requests.getOrDefault("cpu", limits.get("cpu")),
                requests.getOrDefault("memory", limits.get("memory")), limits.get("cpu"), limits.get("memory"));
    }
}
