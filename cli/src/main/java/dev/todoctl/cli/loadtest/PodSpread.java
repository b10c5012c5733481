package dev.todoctl.cli.loadtest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.todoctl.cli.targets.InClusterLoad;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the run's requests spread over the api's replicas, from each pod's own request counter before and after
 * (the app's {@code http_server_requests_seconds_count}, probes and scrapes left out). {@code via} says how the load
 * reached them: a port-forward from this machine pins a connection to one pod, a Service inside the cluster balances
 * per connection. Evenness: {@code cv} is the coefficient of variation of the per-pod counts (0 = perfectly even);
 * {@code spread} is {@code even} (cv &lt; 0.25), {@code uneven}, {@code one pod} (one pod served ≥ 95 %) or
 * {@code single replica}. The counts include anything else the pods served meanwhile.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PodSpread(String via, List<PodCount> pods, long total, Double minSharePercent, Double maxSharePercent, Double cv,
                        String spread, List<String> notes) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PodCount(String pod, long requests, double sharePercent) {
    }

    public PodSpread {
        pods = List.copyOf(pods);
        notes = List.copyOf(notes);
    }

    public static PodSpread of(String via, InClusterLoad.ApiCounts before, InClusterLoad.ApiCounts after) {
        List<String> notes = new ArrayList<>();
        after.unread().forEach((pod, why) -> notes.add(pod + ": metrics not read (" + why + ")"));
        List<PodCount> pods = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Long> e : after.byPod().entrySet()) {
            Long was = before.byPod().get(e.getKey());
            if (was == null) {
                notes.add(e.getKey() + " started during the run: all its requests counted");
            }
            total += Math.max(0, e.getValue() - (was == null ? 0 : was));
        }
        before.byPod().keySet().stream().filter(p -> !after.byPod().containsKey(p))
                .forEach(p -> notes.add(p + " went away during the run: its requests are not counted"));
        double mean = after.byPod().isEmpty() ? 0 : (double) total / after.byPod().size();
        double squares = 0;
        for (Map.Entry<String, Long> e : after.byPod().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            long delta = Math.max(0, e.getValue() - before.byPod().getOrDefault(e.getKey(), 0L));
            pods.add(new PodCount(e.getKey(), delta, total == 0 ? 0 : round(100.0 * delta / total)));
            squares += (delta - mean) * (delta - mean);
        }
        if (pods.isEmpty() || total == 0) {
            return new PodSpread(via, pods, total, null, null, null, "unknown", notes);
        }
        double cv = pods.size() < 2 ? 0 : round(Math.sqrt(squares / pods.size()) / mean);
        double min = pods.stream().mapToDouble(PodCount::sharePercent).min().orElse(0);
        double max = pods.stream().mapToDouble(PodCount::sharePercent).max().orElse(0);
        String spread = pods.size() == 1 ? "single replica" : max >= 95 ? "one pod" : cv < 0.25 ? "even" : "uneven";
        return new PodSpread(via, pods, total, min, max, cv, spread, notes);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
