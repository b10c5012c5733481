package dev.todoctl.cli.loadtest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.todoctl.scenarios.Latencies;
import dev.todoctl.scenarios.LoadPlan;
import dev.todoctl.scenarios.LoadResult;
import dev.todoctl.scenarios.SetupPhase;
import dev.todoctl.scenarios.Recording;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's numbers as todoctl reports and stores them: totals, latency percentiles in milliseconds, errors by HTTP
 * status (key "0" = no response), and the same per request name — all for the users' journeys; the one-off
 * set-up requests (sign-up, seeding) are summed up apart in {@code setup}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LoadSummary(String scenario, int users, double durationSeconds, long requests, long errors,
                          double errorRatePercent, double rps, long p50Ms, long p95Ms, long p99Ms, long maxMs,
                          double meanMs, Map<String, Long> errorsByStatus, List<RequestLine> byRequest,
                          RequestLine setup, SetupPhaseLine setupPhase) {

    /** Before the SLO figures' time: the set-up phase (kept out of them), see {@link SetupPhase}. */
    public LoadSummary(String scenario, int users, double durationSeconds, long requests, long errors, double errorRatePercent,
                       double rps, long p50Ms, long p95Ms, long p99Ms, long maxMs, double meanMs, Map<String, Long> errorsByStatus,
                       List<RequestLine> byRequest, RequestLine setup) {
        this(scenario, users, durationSeconds, requests, errors, errorRatePercent, rps, p50Ms, p95Ms, p99Ms, maxMs, meanMs,
                errorsByStatus, byRequest, setup, null);
    }

    /**
     * The set-up phase before the ramp, apart from the measured figures. {@code mode}: {@code prepared} (new accounts
     * for this run), {@code reused} (accounts kept across runs) or {@code in-load} (users signed up inside the load,
     * measured; then there was no set-up phase and the counts are 0). {@code reusedTokens}: users whose cached token
     * was still good, so no password was hashed for them.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SetupPhaseLine(String mode, int users, double durationSeconds, int concurrency, int prepared, int signedUp,
                                 int loggedIn, int reusedTokens, long seededTasks, long removedTasks, int failed,
                                 List<String> errors, boolean stopped) {
        public SetupPhaseLine {
            errors = errors == null ? List.of() : List.copyOf(errors);
        }

        public boolean complete() {
            return "in-load".equals(mode) || (prepared == users && !stopped);
        }

        static SetupPhaseLine of(LoadResult result) {
            LoadPlan.UserOptions o = result.plan().userOptions();
            SetupPhase p = result.setupPhase();
            String mode = o.signupInLoad() ? "in-load" : o.reuse() ? "reused" : "prepared";
            return new SetupPhaseLine(mode, p.users(), round(p.elapsed().toMillis() / 1000.0), p.concurrency(), p.prepared(),
                    p.signedUp(), p.loggedIn(), p.reused(), p.seeded(), p.removed(), p.failed(), p.errors(), p.stopped());
        }
    }

    /** One request name's line of the summary table. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RequestLine(String name, long requests, long errors, long p50Ms, long p95Ms, long p99Ms, long maxMs,
                              Map<String, Long> errorsByStatus) {
    }

    public LoadSummary {
        errorsByStatus = Map.copyOf(errorsByStatus);
        byRequest = List.copyOf(byRequest);
    }

    public static LoadSummary of(LoadResult result) {
        Latencies l = result.latencies();
        List<RequestLine> lines = result.workload().byName().values().stream().map(LoadSummary::line).toList();
        Recording setup = result.setup();
        Latencies s = setup.latencies();
        RequestLine setupLine = new RequestLine("setup", setup.requests(), setup.errors(), s.percentile(50), s.percentile(95),
                s.percentile(99), s.max(), keys(setup.errorsByStatus()));
        return new LoadSummary(result.plan().scenario(), result.plan().users(), round(result.elapsed().toMillis() / 1000.0),
                result.requests(), result.errors(), round(result.errorPercent()), round(result.rps()),
                l.percentile(50), l.percentile(95), l.percentile(99), l.max(), round(l.mean()),
                keys(result.workload().errorsByStatus()), lines, setupLine, SetupPhaseLine.of(result));
    }

    private static RequestLine line(Recording.RequestStats r) {
        Latencies l = r.latencies();
        return new RequestLine(r.name(), r.count(), r.errors(), l.percentile(50), l.percentile(95), l.percentile(99), l.max(),
                keys(r.errorsByStatus()));
    }

    private static Map<String, Long> keys(Map<Integer, Long> byStatus) {
        Map<String, Long> out = new LinkedHashMap<>();
        byStatus.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
