package dev.todoctl.scenarios;


import java.util.Arrays;
import java.util.TreeMap;

/**
 * A frozen, sparse response-time distribution: {@code counts[i]} responses took {@code millis[i]} ms
 * (ascending). Percentiles use the nearest-rank method: the smallest time at or below which p% of responses fall.
 */
public record Latencies(long[] millis, long[] counts, long max) {

    public static final Latencies EMPTY = new Latencies(new long[0], new long[0], 0);

    public long count() {
        return Arrays.stream(counts).sum();
    }

    public long percentile(double p) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < millis.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                // the last bucket also holds everything slower than a minute: the true max is the better answer
                return millis[i] >= LatencyHistogram.LAST_BUCKET_MS ? max : millis[i];
            }
        }
        return max;
    }

    public double mean() {
        long total = count();
        if (total == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < millis.length; i++) {
            sum += (double) millis[i] * counts[i];
        }
        return sum / total;
    }

    public Latencies plus(Latencies other) {
        TreeMap<Long, Long> merged = new TreeMap<>();
        for (Latencies l : new Latencies[]{this, other}) {
            for (int i = 0; i < l.millis.length; i++) {
                merged.merge(l.millis[i], l.counts[i], Long::sum);
            }
        }
        return new Latencies(merged.keySet().stream().mapToLong(Long::longValue).toArray(),
                merged.values().stream().mapToLong(Long::longValue).toArray(), Math.max(max, other.max));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Latencies l && Arrays.equals(millis, l.millis) && Arrays.equals(counts, l.counts) && max == l.max;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(millis) + Arrays.hashCode(counts) + Long.hashCode(max);
    }

    @Override
    public String toString() {
        return "Latencies[count=" + count() + ", p50=" + percentile(50) + ", max=" + max + "]";
    }
}
