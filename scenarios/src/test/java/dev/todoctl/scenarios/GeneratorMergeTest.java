package dev.todoctl.scenarios;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("load generators' results: through the pod log and merged into one run")
class GeneratorMergeTest {
    static final LoadPlan PLAN = new LoadPlan("crud", "http://10.0.0.1:8080", 4, Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ZERO, Path.of("/tmp/unused"), "run1", List.of());

    /** {@code fast} responses at 10 ms and {@code slow} at 500 ms, under one request name. */
    static LoadResult part(long fast, long slow, long errors, Duration elapsed) {
        Latencies l = new Latencies(new long[]{10, 500}, new long[]{fast, slow}, slow > 0 ? 500 : 10);
        Recording r = new Recording(Map.of("list tasks", new Recording.RequestStats("list tasks", fast + slow, errors,
                Map.of(200, fast + slow - errors, 500, errors), errors == 0 ? Map.of() : Map.of(500, errors), l)));
        SetupPhase setup = new SetupPhase(2, Duration.ofSeconds(1), 8, 2, 2, 0, 0, 0, 0, 0, List.of(), false);
        return new LoadResult(PLAN, r, elapsed, null, 0, false, List.of(), setup, new Recording(Map.of()));
    }

    @Test
    @DisplayName("a result crosses a pod log intact (between other log lines) and comes back with its histogram")
    void roundTrip() {
        LoadResult result = part(90, 10, 3, Duration.ofMillis(9_876));
        String log = "@generator pod-abc: crud\n@progress 1000 10 0\n" + GeneratorOutput.encode(result) + "trailing\n";
        GeneratorOutput.Part back = GeneratorOutput.decode(log).orElseThrow();
        assertThat(back.users()).isEqualTo(4);
        assertThat(back.elapsed()).isEqualTo(Duration.ofMillis(9_876));
        assertThat(back.recording().requests()).isEqualTo(100);
        assertThat(back.recording().errors()).isEqualTo(3);
        assertThat(back.recording().latencies()).isEqualTo(result.recording().latencies());
        assertThat(back.setupPhase()).isEqualTo(result.setupPhase());
        assertThat(GeneratorOutput.decode("@generator pod-abc\n@error Gatling did not finish\n")).isEmpty();
    }

    @Test
    @DisplayName("merged counts are the sum of the parts; percentiles come from the summed buckets, not averaged")
    void merge() {
        // generator A: 100 fast responses; generator B: 80 slow of 100. Averaged p50 would be (10 + 500) / 2 = 255 ms,
        // a time no request took; over the 200 responses together, 110 were fast: p50 is 10 ms, p95 500 ms.
        LoadResult a = part(100, 0, 0, Duration.ofSeconds(10));
        LoadResult b = part(20, 80, 5, Duration.ofSeconds(12));
        LoadResult merged = LoadResult.merge(PLAN, List.of(a, b));
        assertThat(merged.requests()).isEqualTo(a.requests() + b.requests()).isEqualTo(200);
        assertThat(merged.errors()).isEqualTo(5);
        assertThat(merged.latencies().count()).isEqualTo(200);
        long averagedP50 = (a.latencies().percentile(50) + b.latencies().percentile(50)) / 2;
        assertThat(averagedP50).isEqualTo(255);
        assertThat(merged.latencies().percentile(50)).isEqualTo(10).isNotEqualTo(averagedP50);
        assertThat(merged.latencies().percentile(95)).isEqualTo(500);
        assertThat(merged.elapsed()).isEqualTo(Duration.ofSeconds(12));
        assertThat(merged.setupPhase().users()).isEqualTo(4);
        assertThat(merged.setupPhase().prepared()).isEqualTo(4);
        assertThat(merged.workload().statuses()).containsEntry(200, 195L).containsEntry(500, 5L);
    }

    @Test
    @DisplayName("the worst Gatling outcome of the parts stands for the whole run")
    void worstExitCode() {
        LoadResult ok = part(1, 0, 0, Duration.ofSeconds(1));
        LoadResult asserted = new LoadResult(PLAN, ok.recording(), ok.elapsed(), null, 2, false, List.of(), ok.setupPhase(), ok.setupRecording());
        LoadResult failed = new LoadResult(PLAN, ok.recording(), ok.elapsed(), null, 1, true, List.of("Gatling: boom"), ok.setupPhase(), ok.setupRecording());
        assertThat(LoadResult.merge(PLAN, List.of(ok, asserted)).gatlingExitCode()).isEqualTo(2);
        LoadResult worst = LoadResult.merge(PLAN, List.of(asserted, failed, ok));
        assertThat(worst.gatlingExitCode()).isEqualTo(1);
        assertThat(worst.stopped()).isTrue();
        assertThat(worst.notes()).containsExactly("Gatling: boom");
    }
}
