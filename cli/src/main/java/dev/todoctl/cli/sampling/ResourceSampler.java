package dev.todoctl.cli.sampling;

/**
 * Watches the target while a load test runs: {@link #sample} is called every few seconds from one thread with
 * the time since the run started; {@link #observation} sums up. Implementations per target:
 * {@link ProcessSampler} (local), {@link ContainerSampler} (docker), {@link AutoscalerSampler} (kubernetes).
 */
public interface ResourceSampler {
    void sample(double atSeconds);

    Observation observation();

    static ResourceSampler none(String reason) {
        return new ResourceSampler() {
            @Override
            public void sample(double atSeconds) {
            }

            @Override
            public Observation observation() {
                return new Observation.NotObserved(reason);
            }
        };
    }
}
