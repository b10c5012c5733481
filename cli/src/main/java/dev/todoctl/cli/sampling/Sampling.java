package dev.todoctl.cli.sampling;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Calls a {@link ResourceSampler} every {@code interval} on a thread of its own until closed (a last sample then). */
public final class Sampling implements AutoCloseable {
    private final ResourceSampler sampler;
    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();

    public Sampling(ResourceSampler sampler, Duration interval) {
        this.sampler = sampler;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("resource-sampler").unstarted(r));
        timer.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            sampler.sample((System.nanoTime() - startNanos) / 1e9);
        } catch (RuntimeException e) {
            // a failed sample is a gap in the timeline, not a failed load test
        }
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
