package dev.todoctl.cli.loadtest;

import dev.todoctl.cli.targets.InClusterLoad;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("how a run's requests spread over the api pods")
class PodSpreadTest {

    static InClusterLoad.ApiCounts counts(Map<String, Long> byPod) {
        return new InClusterLoad.ApiCounts(byPod, Map.of());
    }

    @Test
    @DisplayName("deltas per pod, shares, coefficient of variation: an even split")
    void even() {
        PodSpread s = PodSpread.of("service", counts(Map.of("api-a", 100L, "api-b", 7L)), counts(Map.of("api-a", 600L, "api-b", 467L)));
        assertThat(s.total()).isEqualTo(960);
        assertThat(s.pods()).extracting(PodSpread.PodCount::requests).containsExactly(500L, 460L);
        assertThat(s.minSharePercent()).isEqualTo(47.917);
        assertThat(s.maxSharePercent()).isEqualTo(52.083);
        assertThat(s.cv()).isEqualTo(0.042);
        assertThat(s.spread()).isEqualTo("even");
    }

    @Test
    @DisplayName("a port-forward that pins every connection to one pod shows as 'one pod'; a pod that came or went is noted")
    void pinned() {
        PodSpread s = PodSpread.of("port-forward", counts(Map.of("api-a", 10L, "api-b", 10L, "api-old", 5L)),
                counts(Map.of("api-a", 1010L, "api-b", 12L, "api-new", 0L)));
        assertThat(s.spread()).isEqualTo("one pod");
        assertThat(s.maxSharePercent()).isEqualTo(99.8);
        assertThat(s.notes()).anyMatch(n -> n.contains("api-new started during the run"))
                .anyMatch(n -> n.contains("api-old went away"));
        assertThat(PodSpread.of("x", counts(Map.of()), counts(Map.of())).spread()).isEqualTo("unknown");
        assertThat(PodSpread.of("x", counts(Map.of("a", 1L)), counts(Map.of("a", 9L))).spread()).isEqualTo("single replica");
    }
}
