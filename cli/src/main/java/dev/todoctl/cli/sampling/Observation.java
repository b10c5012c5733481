package dev.todoctl.cli.sampling;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** What was watched on the target during a run: resource use (docker, local), scaling (kubernetes), or nothing. */
public sealed interface Observation {

    /** CPU (percent of one core) and memory of each container or process over the run. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ResourceUsage(int samples, List<ComponentUsage> components) implements Observation {
        public ResourceUsage {
            components = List.copyOf(components);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ComponentUsage(String name, double avgCpuPercent, double maxCpuPercent, double maxMemoryMb,
                          double lastMemoryMb) {
    }

    /**
     * The autoscaler over the run: every sample, and per autoscaler the time to the first scale-up, the most
     * replicas, and the time back down to where it started (null: did not happen during the run).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ScalingTimeline(List<ScalingSample> samples, List<ScalingSummary> autoscalers) implements Observation {
        public ScalingTimeline {
            samples = List.copyOf(samples);
            autoscalers = List.copyOf(autoscalers);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ScalingSample(double atSeconds, String autoscaler, int desired, int current, int ready) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ScalingSummary(String autoscaler, int initialReplicas, int maxReplicas, Double firstScaleUpSeconds,
                          Double backDownSeconds) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record NotObserved(String reason) implements Observation {
    }

    /** The per-autoscaler summary of a list of samples in time order. */
    static List<ScalingSummary> summarize(List<ScalingSample> samples) {
        return samples.stream().map(ScalingSample::autoscaler).distinct().map(name -> {
            List<ScalingSample> mine = samples.stream().filter(s -> s.autoscaler().equals(name)).toList();
            int initial = mine.getFirst().desired();
            int max = initial;
            Double up = null;
            Double down = null;
            for (ScalingSample s : mine) {
                int replicas = Math.max(s.desired(), s.current());
                if (up == null && s.desired() > initial) {
                    up = s.atSeconds();
                }
                if (replicas > max) {
                    max = replicas;
                    down = null;
                }
                if (up != null && down == null && s.desired() <= initial && s.current() <= initial) {
                    down = s.atSeconds();
                }
            }
            return new ScalingSummary(name, initial, max, up, down);
        }).toList();
    }
}
