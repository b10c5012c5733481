package dev.todoctl.cli.loadtest;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("baselines")
class BaselineComparisonTest {

    static LoadSummary summary(long p95, double errorPercent, double rps) {
        return new LoadSummary("mixed", 20, 12, 1000, Math.round(errorPercent * 10), errorPercent, rps, p95 / 2, p95, p95 * 2,
                p95 * 3, p95 / 2.0, Map.of(), List.of(), new LoadSummary.RequestLine("setup", 40, 0, 100, 200, 300, 400, Map.of()));
    }

    static Baseline baseline(String name, LoadSummary s) {
        return new Baseline(name, Instant.parse("2026-11-21T22:00:00Z"), "local", 3, Map.of("api", "todo-chatbot.jar@sha256:1"), s);
    }

    @Test
    @DisplayName("the same numbers do not regress")
    void same() {
        BaselineComparison c = BaselineComparison.compare(baseline("b", summary(20, 0, 100)), summary(20, 0, 100), 10, 0.1);
        assertThat(c.regressed()).isFalse();
        assertThat(Verdict.of(List.of(), c).passed()).isTrue();
    }

    @Test
    @DisplayName("p95 beyond the margin regresses; within it does not")
    void p95() {
        Baseline base = baseline("b", summary(20, 0, 100));
        assertThat(BaselineComparison.compare(base, summary(22, 0, 100), 10, 0.1).regressed()).isFalse();
        BaselineComparison worse = BaselineComparison.compare(base, summary(23, 0, 100), 10, 0.1);
        assertThat(worse.regressed()).isTrue();
        assertThat(worse.rows().getFirst()).satisfies(r -> {
            assertThat(r.metric()).isEqualTo("p95_ms");
            assertThat(r.regressed()).isTrue();
            assertThat(r.change()).isEqualTo("+15.0%");
        });
        assertThat(Verdict.of(List.of(), worse).reasons()).singleElement().asString().contains("p95_ms regressed", "'b'");
    }

    @Test
    @DisplayName("the error rate regresses by percentage points; rps never fails a run")
    void errors() {
        Baseline base = baseline("b", summary(20, 0, 100));
        assertThat(BaselineComparison.compare(base, summary(20, 0.1, 100), 10, 0.1).regressed()).isFalse();
        assertThat(BaselineComparison.compare(base, summary(20, 0.5, 100), 10, 0.1).regressed()).isTrue();
        assertThat(BaselineComparison.compare(base, summary(20, 0, 1), 10, 0.1).regressed()).isFalse();
    }

    @Test
    @DisplayName("1 ms of slack: 1 ms against a 0 ms baseline is noise, 2 ms is not")
    void slack() {
        Baseline base = baseline("b", summary(0, 0, 100));
        assertThat(BaselineComparison.compare(base, summary(1, 0, 100), 10, 0.1).regressed()).isFalse();
        assertThat(BaselineComparison.compare(base, summary(2, 0, 100), 10, 0.1).regressed()).isTrue();
    }

    @Test
    @DisplayName("verdict: failed sign-ups or a run without a single journey request fail too")
    void verdict() {
        assertThat(Verdict.of(List.of(), null, 0, 10).passed()).isTrue();
        assertThat(Verdict.of(List.of(), null, 3, 10).reasons()).singleElement().asString().contains("3 set-up request(s) failed");
        assertThat(Verdict.of(List.of(), null, 0, 0).reasons()).singleElement().asString().contains("no request");
    }

    @Test
    @DisplayName("saved and loaded by name, with revision and images; unknown names and bad names are usage errors")
    void store(@TempDir Path dir) {
        BaselineStore store = new BaselineStore(dir.resolve("baselines"));
        Baseline saved = baseline("release-1.4", summary(20, 0.05, 100));
        store.save(saved);
        assertThat(store.load("release-1.4")).isEqualTo(saved);
        assertThat(store.names()).containsExactly("release-1.4");
        assertThatThrownBy(() -> store.load("nope")).hasMessageContaining("no baseline named 'nope'");
        assertThatThrownBy(() -> BaselineStore.checkName("../x")).hasMessageContaining("not usable");
    }
}
