package dev.todoctl.cli.sampling;

import dev.todoctl.cli.sampling.Observation.ScalingSample;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("scaling timeline")
class ObservationTest {

    @Test
    @DisplayName("first scale-up, most replicas, back down")
    void upAndDown() {
        List<ScalingSample> samples = List.of(
                new ScalingSample(0, "api", 1, 1, 1),
                new ScalingSample(3, "api", 1, 1, 1),
                new ScalingSample(6, "api", 3, 1, 1),
                new ScalingSample(9, "api", 3, 3, 2),
                new ScalingSample(12, "api", 4, 3, 3),
                new ScalingSample(15, "api", 4, 4, 4),
                new ScalingSample(18, "api", 1, 4, 4),
                new ScalingSample(21, "api", 1, 1, 1));
        assertThat(Observation.summarize(samples)).containsExactly(new Observation.ScalingSummary("api", 1, 4, 6.0, 21.0));
    }

    @Test
    @DisplayName("no scale-up: nothing to report but the replicas")
    void flat() {
        List<ScalingSample> samples = List.of(new ScalingSample(0, "api", 2, 2, 2), new ScalingSample(3, "web", 1, 1, 1),
                new ScalingSample(3, "api", 2, 2, 2));
        assertThat(Observation.summarize(samples)).containsExactly(
                new Observation.ScalingSummary("api", 2, 2, null, null),
                new Observation.ScalingSummary("web", 1, 1, null, null));
    }
}
