package dev.todoctl.scenarios;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatenciesTest {

    @Test
    @DisplayName("nearest-rank percentiles over millisecond buckets")
    void percentiles() {
        LatencyHistogram h = new LatencyHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            h.record(ms);
        }
        Latencies l = h.snapshot();
        assertThat(l.count()).isEqualTo(100);
        assertThat(l.percentile(50)).isEqualTo(50);
        assertThat(l.percentile(95)).isEqualTo(95);
        assertThat(l.percentile(99)).isEqualTo(99);
        assertThat(l.percentile(100)).isEqualTo(100);
        assertThat(l.max()).isEqualTo(100);
        assertThat(l.mean()).isEqualTo(50.5);
    }

    @Test
    @DisplayName("times beyond a minute keep their true maximum")
    void overflow() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(5);
        h.record(90_000);
        Latencies l = h.snapshot();
        assertThat(l.percentile(99)).isEqualTo(90_000);
        assertThat(l.max()).isEqualTo(90_000);
        assertThat(Latencies.EMPTY.percentile(95)).isZero();
    }

    @Test
    @DisplayName("merging adds counts bucket by bucket")
    void merge() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(1);
        a.record(3);
        b.record(3);
        b.record(7);
        Latencies m = a.snapshot().plus(b.snapshot());
        assertThat(m.count()).isEqualTo(4);
        assertThat(m.percentile(50)).isEqualTo(3);
        assertThat(m.max()).isEqualTo(7);
    }

    @Test
    @DisplayName("the recorder counts errors by status and keeps no latency for no-response")
    void recorder() {
        Recorder r = new Recorder();
        r.record("list", 200, 4, true);
        r.record("list", 500, 9, false);
        r.record("create", 0, -1, false);
        Recording rec = r.snapshot();
        assertThat(rec.requests()).isEqualTo(3);
        assertThat(rec.errors()).isEqualTo(2);
        assertThat(rec.errorsByStatus()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(500, 1L, 0, 1L));
        assertThat(rec.latencies().count()).isEqualTo(2);
        assertThat(Recording.fromText(rec.toText())).isEqualTo(rec);
        assertThat(Recording.fromText(new Recording(java.util.Map.of()).toText()).requests()).isZero();
    }

    @Test
    @DisplayName("thresholds read and write the form users type")
    void thresholds() {
        for (String t : List.of("p95<100ms", "p99<250ms", "errors<0.1%", "rps>500", "max<2000ms", "p50<5ms")) {
            assertThat(Threshold.decode(t).encode()).isEqualTo(t);
        }
        assertThat(Threshold.decode("p95 < 100ms").holds(99)).isTrue();
        assertThat(Threshold.decode("rps>500").holds(500)).isFalse();
        assertThatThrownBy(() -> Threshold.decode("p97<1ms")).isInstanceOf(IllegalArgumentException.class);
    }
}
