package dev.todoctl.scenarios;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link Recorder} saw, frozen: per request name, and merged over all of them. Crosses from the Gatling
 * JVM to the caller as plain text ({@link #toText}); not Java serialization, because servers such as Helidon
 * install a JVM-wide deserialization filter that would reject these classes when both share a JVM (tests).
 */
public record Recording(Map<String, RequestStats> byName) {

    /**
     * One request name's numbers. {@code statuses} counts every response by HTTP status (0 = no response);
     * {@code errors} counts the ones that failed their checks (unexpected status, unreadable body), and
     * {@code errorsByStatus} the status each of those failures came with.
     */
    public record RequestStats(String name, long count, long errors, Map<Integer, Long> statuses,
                               Map<Integer, Long> errorsByStatus, Latencies latencies) {
        public RequestStats {
            statuses = new TreeMap<>(statuses);
            errorsByStatus = new TreeMap<>(errorsByStatus);
        }
    }

    public Recording {
        byName = new LinkedHashMap<>(byName);
    }

    /** The request names {@code keep} accepts, e.g. the journey without the set-up requests. */
    public Recording only(java.util.function.Predicate<String> keep) {
        Map<String, RequestStats> kept = new LinkedHashMap<>();
        byName.forEach((name, stats) -> {
            if (keep.test(name)) {
                kept.put(name, stats);
            }
        });
        return new Recording(kept);
    }

    /** Both recordings' requests; a name in both adds up (counts, statuses and response times). */
    public Recording plus(Recording other) {
        Map<String, RequestStats> all = new LinkedHashMap<>(byName);
        other.byName.forEach((name, o) -> all.merge(name, o, (a, b) -> {
            Map<Integer, Long> statuses = new TreeMap<>(a.statuses());
            b.statuses().forEach((k, v) -> statuses.merge(k, v, Long::sum));
            Map<Integer, Long> errors = new TreeMap<>(a.errorsByStatus());
            b.errorsByStatus().forEach((k, v) -> errors.merge(k, v, Long::sum));
            return new RequestStats(name, a.count() + b.count(), a.errors() + b.errors(), statuses, errors,
                    a.latencies().plus(b.latencies()));
        }));
        return new Recording(all);
    }

    public long requests() {
        return byName.values().stream().mapToLong(RequestStats::count).sum();
    }

    public long errors() {
        return byName.values().stream().mapToLong(RequestStats::errors).sum();
    }

    public Latencies latencies() {
        return byName.values().stream().map(RequestStats::latencies).reduce(Latencies.EMPTY, Latencies::plus);
    }

    /** All responses by status, across request names. */
    public Map<Integer, Long> statuses() {
        Map<Integer, Long> all = new TreeMap<>();
        byName.values().forEach(r -> r.statuses().forEach((s, c) -> all.merge(s, c, Long::sum)));
        return all;
    }

    /** Failed requests by the status they came with (0 = no response), across request names. */
    public Map<Integer, Long> errorsByStatus() {
        Map<Integer, Long> all = new TreeMap<>();
        byName.values().forEach(r -> r.errorsByStatus().forEach((s, c) -> all.merge(s, c, Long::sum)));
        return all;
    }

    /** One line per request name: {@code name count errors statuses errors-by-status max ms:count,...}. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        for (RequestStats r : byName.values()) {
            Latencies l = r.latencies();
            List<String> buckets = new ArrayList<>();
            for (int i = 0; i < l.millis().length; i++) {
                buckets.add(l.millis()[i] + ":" + l.counts()[i]);
            }
            text.append(URLEncoder.encode(r.name(), StandardCharsets.UTF_8)).append(' ')
                    .append(r.count()).append(' ').append(r.errors()).append(' ')
                    .append(pairs(r.statuses())).append(' ').append(pairs(r.errorsByStatus())).append(' ')
                    .append(l.max()).append(' ').append(buckets.isEmpty() ? "-" : String.join(",", buckets)).append('\n');
        }
        return text.toString();
    }

    public static Recording fromText(String text) {
        Map<String, RequestStats> byName = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ");
            String name = URLDecoder.decode(f[0], StandardCharsets.UTF_8);
            Map<Long, Long> buckets = parsePairs(f[6]);
            Latencies latencies = new Latencies(buckets.keySet().stream().mapToLong(Long::longValue).toArray(),
                    buckets.values().stream().mapToLong(Long::longValue).toArray(), Long.parseLong(f[5]));
            byName.put(name, new RequestStats(name, Long.parseLong(f[1]), Long.parseLong(f[2]), ints(parsePairs(f[3])),
                    ints(parsePairs(f[4])), latencies));
        }
        return new Recording(byName);
    }

    private static String pairs(Map<Integer, Long> map) {
        return map.isEmpty() ? "-" : String.join(",", map.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList());
    }

    private static Map<Long, Long> parsePairs(String field) {
        Map<Long, Long> map = new TreeMap<>();
        if (!field.equals("-")) {
            for (String pair : field.split(",")) {
                int colon = pair.indexOf(':');
                map.put(Long.parseLong(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
            }
        }
        return map;
    }

    private static Map<Integer, Long> ints(Map<Long, Long> map) {
        Map<Integer, Long> result = new TreeMap<>();
        map.forEach((k, v) -> result.put(k.intValue(), v));
        return result;
    }
}
