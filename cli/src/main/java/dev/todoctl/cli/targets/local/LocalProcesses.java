package dev.todoctl.cli.targets.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Child JVMs that outlive todoctl. Each starts in its own session ({@code setsid}), so its pid is also its
 * process-group id and {@code down} can signal the whole group: SIGTERM, a grace period, then SIGKILL — no
 * orphans. A pid file holds pid and start time, so a reused pid is never mistaken for ours.
 */
public final class LocalProcesses {
    private final LocalState state;

    public LocalProcesses(LocalState state) {
        this.state = state;
    }

    public ProcessHandle start(String component, List<String> command, Map<String, String> env, Path workDir) {
        try {
            Path log = state.logFile(component);
            Files.createDirectories(log.getParent());
            List<String> argv = setsid().map(s -> prepend(s, command)).orElse(command);
            ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(env);
            Process process = pb.start();
            ProcessHandle handle = process.toHandle();
            Instant started = handle.info().startInstant().orElse(Instant.EPOCH);
            Files.writeString(state.pidFile(component), handle.pid() + " " + started.toEpochMilli() + "\n");
            return handle;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + component + ": " + e.getMessage(), e);
        }
    }

    /** The live process recorded for a component, if its pid still belongs to the process we started. */
    public Optional<ProcessHandle> find(String component) {
        Path file = state.pidFile(component);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String[] parts = Files.readString(file).trim().split("\\s+");
            long pid = Long.parseLong(parts[0]);
            long startedMillis = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
                    .map(i -> startedMillis == 0 || Math.abs(i.toEpochMilli() - startedMillis) < 2000).orElse(true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stops a component and everything in its process group; true if something was running. */
    public boolean stop(String component, Duration grace) {
        Optional<ProcessHandle> found = find(component);
        found.ifPresent(h -> terminate(h, grace));
        try {
            Files.deleteIfExists(state.pidFile(component));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found.isPresent();
    }

    private static void terminate(ProcessHandle handle, Duration grace) {
        List<ProcessHandle> family = new java.util.ArrayList<>(handle.descendants().toList());
        family.add(handle);
        signalGroup(handle.pid(), "TERM");
        family.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(grace);
        while (family.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            sleep(100);
        }
        if (family.stream().anyMatch(ProcessHandle::isAlive)) {
            signalGroup(handle.pid(), "KILL");
            family.forEach(ProcessHandle::destroyForcibly);
            Instant hard = Instant.now().plusSeconds(5);
            while (family.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(hard)) {
                sleep(50);
            }
        }
    }

    private static void signalGroup(long pgid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // no kill(1): the per-process destroy() below still reaches every known member
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<String> setsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, "setsid"))) {
                return Optional.of(dir + "/setsid");
            }
        }
        return Optional.empty();
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
