package dev.todoctl.cli.targets.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What status and readiness read of one container's inspect: its state, image, labels and health. Made from
 * docker-java's typed answer, or from the Engine API's JSON read straight off the socket by the read-only commands
 * (same fields: {@code State.Running}, {@code State.Restarting}, {@code State.Status}, {@code State.Health.Status},
 * {@code Config.Image}, {@code Config.Labels}).
 */
record ContainerFacts(String id, boolean running, String state, String image, Map<String, String> labels,
                      String health) {

    ContainerFacts {
        labels = Map.copyOf(labels);
    }

    static ContainerFacts of(InspectContainerResponse c) {
        var state = c.getState();
        String health = state == null || state.getHealth() == null || state.getHealth().getStatus() == null ? ""
                : state.getHealth().getStatus();
        Map<String, String> labels = c.getConfig() == null || c.getConfig().getLabels() == null ? Map.of()
                : c.getConfig().getLabels();
        return new ContainerFacts(c.getId(), DockerStack.running(c), state == null || state.getStatus() == null ? ""
                : state.getStatus(), c.getConfig() == null || c.getConfig().getImage() == null ? "" : c.getConfig().getImage(),
                labels, health);
    }

    static ContainerFacts of(JsonNode c) {
        JsonNode state = c.path("State");
        Map<String, String> labels = new LinkedHashMap<>();
        c.path("Config").path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        boolean running = state.path("Running").asBoolean(false) && !state.path("Restarting").asBoolean(false);
        return new ContainerFacts(c.path("Id").asText(), running, state.path("Status").asText(""),
                c.path("Config").path("Image").asText(""), labels, state.path("Health").path("Status").asText(""));
    }

    String label(String key) {
        return labels.getOrDefault(key, "");
    }
}
