package dev.todoctl.cli.sampling;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * CPU and memory of the docker target's containers, from the engine's stats endpoint (one non-streaming read per
 * container and sample). CPU is computed as {@code docker stats} does: the container's share of the host's CPU
 * time since the previous read, times the online CPUs; memory is usage minus page cache.
 */
public final class ContainerSampler implements ResourceSampler {
    private final DockerClient docker;
    private final Map<String, String> containers;
    private final Map<String, List<Double>> cpu = new LinkedHashMap<>();
    private final Map<String, double[]> memory = new LinkedHashMap<>();
    private int samples;

    /** {@code containers}: component name → container name. */
    public ContainerSampler(DockerClient docker, Map<String, String> containers) {
        this.docker = docker;
        this.containers = new LinkedHashMap<>(containers);
        containers.keySet().forEach(c -> {
            cpu.put(c, new ArrayList<>());
            memory.put(c, new double[2]);
        });
    }

    @Override
    public synchronized void sample(double atSeconds) {
        samples++;
        containers.forEach((component, container) -> {
            Statistics stats = read(container);
            if (stats == null || stats.getCpuStats() == null || stats.getPreCpuStats() == null) {
                return;
            }
            Long total = stats.getCpuStats().getCpuUsage() == null ? null : stats.getCpuStats().getCpuUsage().getTotalUsage();
            Long preTotal = stats.getPreCpuStats().getCpuUsage() == null ? null : stats.getPreCpuStats().getCpuUsage().getTotalUsage();
            Long system = stats.getCpuStats().getSystemCpuUsage();
            Long preSystem = stats.getPreCpuStats().getSystemCpuUsage();
            Long online = stats.getCpuStats().getOnlineCpus();
            if (total != null && preTotal != null && system != null && preSystem != null && system > preSystem && preTotal > 0) {
                double cpus = online == null || online == 0 ? Runtime.getRuntime().availableProcessors() : online;
                cpu.get(component).add(100.0 * (total - preTotal) / (system - preSystem) * cpus);
            }
            if (stats.getMemoryStats() != null && stats.getMemoryStats().getUsage() != null) {
                long usage = stats.getMemoryStats().getUsage();
                Map<String, Long> detail = stats.getMemoryStats().getStats() == null ? Map.of()
                        : statsMap(stats);
                long cache = detail.getOrDefault("inactive_file", detail.getOrDefault("total_inactive_file", 0L));
                double mb = (usage - cache) / 1024.0 / 1024.0;
                double[] m = memory.get(component);
                m[0] = Math.max(m[0], mb);
                m[1] = mb;
            }
        });
    }

    private static Map<String, Long> statsMap(Statistics stats) {
        var s = stats.getMemoryStats().getStats();
        Map<String, Long> map = new LinkedHashMap<>();
        if (s.getInactiveFile() != null) {
            map.put("inactive_file", s.getInactiveFile());
        }
        if (s.getTotalInactiveFile() != null) {
            map.put("total_inactive_file", s.getTotalInactiveFile());
        }
        return map;
    }

    private Statistics read(String container) {
        List<Statistics> got = new ArrayList<>();
        try (var callback = docker.statsCmd(container).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
            @Override
            public void onNext(Statistics s) {
                got.add(s);
            }
        })) {
            callback.awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // container gone or engine busy: this sample has no figure for it
        }
        return got.isEmpty() ? null : got.getLast();
    }

    @Override
    public synchronized Observation observation() {
        List<Observation.ComponentUsage> components = new ArrayList<>();
        containers.keySet().forEach(c -> components.add(new Observation.ComponentUsage(c,
                ProcessSampler.round(cpu.get(c).stream().mapToDouble(Double::doubleValue).average().orElse(0)),
                ProcessSampler.round(cpu.get(c).stream().mapToDouble(Double::doubleValue).max().orElse(0)),
                ProcessSampler.round(memory.get(c)[0]), ProcessSampler.round(memory.get(c)[1]))));
        return new Observation.ResourceUsage(samples, components);
    }
}
