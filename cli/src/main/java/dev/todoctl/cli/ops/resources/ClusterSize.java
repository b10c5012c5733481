package dev.todoctl.cli.ops.resources;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.List;
import java.util.Map;

/**
 * What the cluster can give pods: allocatable cpu and memory summed over nodes (or as the user states it), and
 * where the numbers came from. A sum says nothing about packing: each pod still needs one node with room.
 */
public record ClusterSize(Quantity cpu, Quantity memory, String source) {

    public static ClusterSize ofNodes(List<Node> nodes, String context) {
        Quantity cpu = new Quantity("0");
        Quantity memory = new Quantity("0");
        for (Node node : nodes) {
            Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
                    ? Map.of() : node.getStatus().getAllocatable();
            if (allocatable.get("cpu") != null) {
                cpu = cpu.add(allocatable.get("cpu"));
            }
            if (allocatable.get("memory") != null) {
                memory = memory.add(allocatable.get("memory"));
            }
        }
        return new ClusterSize(cpu, memory, "allocatable of " + nodes.size() + " node(s) in kube context " + context);
    }
}
