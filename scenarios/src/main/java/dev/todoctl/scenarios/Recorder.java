package dev.todoctl.scenarios;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every response the virtual users get, by request name: count, failures, statuses and response times. This is
 * where todoctl's numbers come from (Gatling 3.15 keeps its own only in a binary log and the HTML report).
 * Status 0 means no response at all (connection refused, timeout); such requests count as errors but have no
 * response time.
 */
public final class Recorder {
    private final Map<String, PerRequest> byName = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();

    private static final class PerRequest {
        final LatencyHistogram latencies = new LatencyHistogram();
        final LongAdder count = new LongAdder();
        final LongAdder errors = new LongAdder();
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        final Map<Integer, LongAdder> errorStatuses = new ConcurrentHashMap<>();
    }

    public void record(String name, int status, long responseTimeMillis, boolean ok) {
        PerRequest r = byName.computeIfAbsent(name, n -> new PerRequest());
        r.count.increment();
        requests.increment();
        if (!ok) {
            r.errors.increment();
            errors.increment();
            r.errorStatuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
        r.statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status > 0 && responseTimeMillis >= 0) {
            r.latencies.record(responseTimeMillis);
        }
    }

    public long requests() {
        return requests.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public Recording snapshot() {
        Map<String, Recording.RequestStats> stats = new TreeMap<>();
        byName.forEach((name, r) -> {
            Map<Integer, Long> statuses = new TreeMap<>();
            r.statuses.forEach((s, c) -> statuses.put(s, c.sum()));
            Map<Integer, Long> errorStatuses = new TreeMap<>();
            r.errorStatuses.forEach((s, c) -> errorStatuses.put(s, c.sum()));
            stats.put(name, new Recording.RequestStats(name, r.count.sum(), r.errors.sum(), statuses, errorStatuses,
                    r.latencies.snapshot()));
        });
        return new Recording(stats);
    }
}
