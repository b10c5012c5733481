package dev.todoctl.cli.snapshot;

import com.github.dockerjava.api.command.InspectContainerResponse;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A release on a Docker engine as read at {@code takenAt}: its containers as {@code docker inspect} shows them
 * (found by the {@code dev.todoctl.release} label), whether the database volume exists, the last log lines of
 * troubled containers (by container name), who holds the host port of each stack container that is not running
 * (port → "container X" or "another process"), a free port to suggest instead, and the api's readiness answer.
 */
public record DockerSnapshot(String release, Instant takenAt, String todoctlFlags,
                             List<InspectContainerResponse> containers, String volume, boolean volumePresent,
                             Map<String, List<String>> logs, Map<Integer, String> portHolders, int sparePort,
                             Optional<Readiness> apiReadiness) implements Snapshot {
    public static final String RELEASE_LABEL = "dev.todoctl.release";
    public static final String COMPONENT_LABEL = "dev.todoctl.component";
    public static final String HOST_PORT_LABEL = "dev.todoctl.host-port";

    public DockerSnapshot {
        containers = List.copyOf(containers);
        logs = Map.copyOf(logs);
        portHolders = Map.copyOf(portHolders);
    }

    @Override
    public String target() {
        return "docker";
    }

    /** The container's name without Docker's leading slash. */
    public static String name(InspectContainerResponse c) {
        return c.getName() == null ? c.getId() : c.getName().replaceFirst("^/", "");
    }

    public static String label(InspectContainerResponse c, String key) {
        Map<String, String> labels = c.getConfig() == null ? null : c.getConfig().getLabels();
        return labels == null ? "" : labels.getOrDefault(key, "");
    }

    public static String component(InspectContainerResponse c) {
        String component = label(c, COMPONENT_LABEL);
        return component.isEmpty() ? name(c) : component;
    }

    public static Optional<Integer> hostPort(InspectContainerResponse c) {
        try {
            String port = label(c, HOST_PORT_LABEL);
            return port.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static boolean running(InspectContainerResponse c) {
        return c.getState() != null && Boolean.TRUE.equals(c.getState().getRunning())
                && !Boolean.TRUE.equals(c.getState().getRestarting());
    }

    public static boolean restarting(InspectContainerResponse c) {
        return c.getState() != null && Boolean.TRUE.equals(c.getState().getRestarting());
    }

    public List<String> logTail(InspectContainerResponse c) {
        return logs.getOrDefault(name(c), List.of());
    }

    public Optional<InspectContainerResponse> container(String component) {
        return containers.stream().filter(c -> component.equals(label(c, COMPONENT_LABEL))).findFirst();
    }
}
