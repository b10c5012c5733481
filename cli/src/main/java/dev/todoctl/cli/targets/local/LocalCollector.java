package dev.todoctl.cli.targets.local;

import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.platform.HttpProbe;
import dev.todoctl.cli.platform.Ports;
import dev.todoctl.cli.snapshot.LocalSnapshot;
import dev.todoctl.cli.snapshot.Readiness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the local target's state directory, its processes, log tails and ports. Only reads. */
final class LocalCollector {
    private static final int LOG_LINES = 15;

    private final LocalTarget target;

    LocalCollector(LocalTarget target) {
        this.target = target;
    }

    LocalSnapshot collect() {
        TodoctlConfig config = target.context().config();
        LocalState state = new LocalState(config.stateDir());
        LocalProcesses processes = new LocalProcesses(state);
        Optional<LocalState.Deployment> deployment = state.deployment();
        Map<String, LocalSnapshot.Process> procs = new LinkedHashMap<>();
        Map<String, List<String>> logs = new LinkedHashMap<>();
        Map<Integer, Boolean> busy = new LinkedHashMap<>();
        for (String component : LocalSnapshot.COMPONENTS) {
            Optional<ProcessHandle> alive = processes.find(component);
            procs.put(component, new LocalSnapshot.Process(alive.map(ProcessHandle::pid).orElseGet(() -> recordedPid(state, component)),
                    alive.isPresent()));
            logs.put(component, tail(state.logFile(component)));
            if (alive.isEmpty() && deployment.isPresent()) {
                int port = "api".equals(component) ? deployment.get().apiPort() : deployment.get().webPort();
                busy.put(port, !Ports.isFree(port));
            }
        }
        Optional<Readiness> readiness = deployment.filter(d -> procs.get("api").alive()).map(d -> {
            String url = "http://127.0.0.1:" + d.apiPort() + "/health/ready";
            HttpProbe.Answer answer = new HttpProbe(Readiness.TIMEOUT).get(url);
            return new Readiness(url, answer.status(), answer.body());
        });
        String flags = "--target local" + (config.explicit("release") ? " --set release=" + config.release() : "")
                + (config.explicit("state-dir") ? " --set state-dir=" + config.stateDir() : "");
        return new LocalSnapshot(config.release(), config.stateDir(), target.context().clock().instant(), flags,
                deployment.map(d -> new LocalSnapshot.Deployed(d.revision(), d.apiPort(), d.webPort(), d.jar())), procs, logs, busy, Ports.anyFree(), readiness);
    }

    private static long recordedPid(LocalState state, String component) {
        try {
            Path file = state.pidFile(component);
            return Files.isRegularFile(file) ? Long.parseLong(Files.readString(file).trim().split("\\s+")[0]) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The last lines, read from the file's end: after a load test the log is large. */
    static List<String> tail(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            List<String> lines = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            if (start > 0 && !lines.isEmpty()) {
                lines = lines.subList(1, lines.size()); // the first one is cut
            }
            return List.copyOf(lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        } catch (IOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }
}
