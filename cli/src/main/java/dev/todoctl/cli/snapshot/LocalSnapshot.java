package dev.todoctl.cli.snapshot;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local target's release as read at {@code takenAt}: what {@code deployment.json} recorded, each component's
 * process (pid from its pid file, alive or not), the last lines of its log file, whether the recorded port of a
 * dead component is held by something else, a free port to suggest, and the api's readiness answer.
 */
public record LocalSnapshot(String release, Path stateDir, Instant takenAt, String todoctlFlags,
                            Optional<Deployed> deployment, Map<String, Process> processes,
                            Map<String, List<String>> logs, Map<Integer, Boolean> portBusy, int sparePort,
                            Optional<Readiness> apiReadiness) implements Snapshot {
    public static final List<String> COMPONENTS = List.of("api", "web");

    /** What {@code deployment.json} recorded: the revision, the ports and the jar. */
    public record Deployed(int revision, int apiPort, int webPort, String jar) {
    }

    /** A component's process: the pid its pid file names (0 when there is none) and whether it still runs. */
    public record Process(long pid, boolean alive) {
    }

    public LocalSnapshot {
        processes = Map.copyOf(processes);
        logs = Map.copyOf(logs);
        portBusy = Map.copyOf(portBusy);
    }

    @Override
    public String target() {
        return "local";
    }

    public int port(String component) {
        return deployment.map(d -> "api".equals(component) ? d.apiPort() : d.webPort()).orElse(0);
    }

    public boolean alive(String component) {
        return processes.getOrDefault(component, new Process(0, false)).alive();
    }

    public Path logFile(String component) {
        return stateDir.resolve("logs").resolve(component + ".log");
    }
}
