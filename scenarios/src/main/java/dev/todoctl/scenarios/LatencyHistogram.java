package dev.todoctl.scenarios;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Response times at millisecond resolution (Gatling measures in milliseconds too), lock-free for the many
 * virtual-user threads recording at once. One bucket per millisecond up to a minute keeps percentiles exact;
 * anything slower lands in the last bucket and only {@link #snapshot()}'s max keeps its true value.
 */
final class LatencyHistogram {
    static final int LAST_BUCKET_MS = 60_000;

    private final AtomicLongArray buckets = new AtomicLongArray(LAST_BUCKET_MS + 1);
    private final AtomicLong max = new AtomicLong();

    void record(long millis) {
        long ms = Math.max(0, millis);
        buckets.incrementAndGet((int) Math.min(ms, LAST_BUCKET_MS));
        max.accumulateAndGet(ms, Math::max);
    }

    Latencies snapshot() {
        int used = 0;
        for (int i = 0; i < buckets.length(); i++) {
            if (buckets.get(i) != 0) {
                used++;
            }
        }
        long[] millis = new long[used];
        long[] counts = new long[used];
        int j = 0;
        for (int i = 0; i < buckets.length() && j < used; i++) {
            long c = buckets.get(i);
            if (c != 0) {
                millis[j] = i;
                counts[j++] = c;
            }
        }
        return new Latencies(millis, counts, max.get());
    }
}
