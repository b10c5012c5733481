package dev.todoctl.cli.targets;

import dev.todoctl.cli.sampling.Observation;
import dev.todoctl.cli.sampling.ResourceSampler;

import java.util.List;
import java.util.function.Supplier;

/**
 * Resource use now from a target's {@link ResourceSampler}: one sample, or two {@code gapMillis} apart when CPU is
 * a difference of CPU times (processes).
 */
public record SampledUsage(String source, Supplier<ResourceSampler> sampler, long gapMillis) implements UsageMeter {
    @Override
    public Reading read() {
        ResourceSampler s = sampler.get();
        s.sample(0);
        if (gapMillis > 0) {
            try {
                Thread.sleep(gapMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.sample(gapMillis / 1000.0);
        }
        if (!(s.observation() instanceof Observation.ResourceUsage usage)) {
            return new Reading(source, List.of(), "Resource usage could not be measured.");
        }
        List<Use> use = usage.components().stream().filter(c -> c.lastMemoryMb() > 0)
                .map(c -> new Use(c.name(), c.lastMemoryMb(), c.avgCpuPercent())).toList();
        return new Reading(source, use, use.isEmpty() ? "Resource usage could not be measured (" + source
                + " gave no figures: are the components running?)." : "");
    }
}
