package dev.todoctl.cli.sampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU and resident memory of local processes (the local target's api and web JVMs): CPU from the process's
 * total CPU time between samples, memory from {@code VmRSS} in {@code /proc/<pid>/status}.
 */
public final class ProcessSampler implements ResourceSampler {
    private final Map<String, ProcessHandle> processes;
    private final Map<String, Usage> usage = new LinkedHashMap<>();
    private int samples;

    private static final class Usage {
        Duration lastCpu;
        double lastAt;
        final List<Double> cpu = new ArrayList<>();
        double maxMemoryMb;
        double lastMemoryMb;
    }

    public ProcessSampler(Map<String, ProcessHandle> processes) {
        this.processes = new LinkedHashMap<>(processes);
        processes.keySet().forEach(name -> usage.put(name, new Usage()));
    }

    @Override
    public synchronized void sample(double atSeconds) {
        samples++;
        processes.forEach((name, process) -> {
            Usage u = usage.get(name);
            Optional<Duration> cpu = process.info().totalCpuDuration();
            if (cpu.isPresent()) {
                if (u.lastCpu != null && atSeconds > u.lastAt) {
                    u.cpu.add(100.0 * cpu.get().minus(u.lastCpu).toNanos() / 1e9 / (atSeconds - u.lastAt));
                }
                u.lastCpu = cpu.get();
                u.lastAt = atSeconds;
            }
            rssMb(process.pid()).ifPresent(mb -> {
                u.lastMemoryMb = mb;
                u.maxMemoryMb = Math.max(u.maxMemoryMb, mb);
            });
        });
    }

    static Optional<Double> rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone: no memory figure
        }
        return Optional.empty();
    }

    @Override
    public synchronized Observation observation() {
        List<Observation.ComponentUsage> components = new ArrayList<>();
        usage.forEach((name, u) -> components.add(new Observation.ComponentUsage(name,
                round(u.cpu.stream().mapToDouble(Double::doubleValue).average().orElse(0)),
                round(u.cpu.stream().mapToDouble(Double::doubleValue).max().orElse(0)),
                round(u.maxMemoryMb), round(u.lastMemoryMb))));
        return new Observation.ResourceUsage(samples, components);
    }

    static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
