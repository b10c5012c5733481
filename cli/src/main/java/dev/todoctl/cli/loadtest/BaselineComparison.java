package dev.todoctl.cli.loadtest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.ArrayList;
import java.util.List;

/**
 * This run against a baseline. p95 regresses when it grows by more than {@code p95MarginPercent} percent of the
 * baseline's (with 1 ms of slack, so that 1 ms against 0 ms is not a regression); the error rate regresses when it
 * grows by more than {@code errorMarginPoints} percentage points. p50, p99 and rps are shown but never fail a run.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BaselineComparison(String baseline, String baselineSavedAt, int baselineRevision, List<Row> rows,
                                 boolean regressed) {

    /** One metric: baseline and current values, the change, the largest allowed value (if it can fail), and the outcome. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Row(String metric, double baseline, double current, String change, Double allowed, boolean regressed) {
    }

    public static BaselineComparison compare(Baseline base, LoadSummary now, double p95MarginPercent, double errorMarginPoints) {
        LoadSummary b = base.summary();
        List<Row> rows = new ArrayList<>();
        double p95Allowed = Math.max(b.p95Ms() * (1 + p95MarginPercent / 100.0), b.p95Ms() + 1);
        rows.add(row("p95_ms", b.p95Ms(), now.p95Ms(), p95Allowed));
        double errAllowed = b.errorRatePercent() + errorMarginPoints;
        rows.add(row("error_rate_percent", b.errorRatePercent(), now.errorRatePercent(), errAllowed));
        rows.add(row("p50_ms", b.p50Ms(), now.p50Ms(), null));
        rows.add(row("p99_ms", b.p99Ms(), now.p99Ms(), null));
        rows.add(row("rps", b.rps(), now.rps(), null));
        return new BaselineComparison(base.name(), base.savedAt().toString(), base.revision(), rows,
                rows.stream().anyMatch(Row::regressed));
    }

    private static Row row(String metric, double base, double now, Double allowed) {
        String change = base == 0 ? (now == 0 ? "±0" : "new") : String.format(java.util.Locale.ROOT, "%+.1f%%", (now - base) / base * 100);
        boolean regressed = allowed != null && now > allowed;
        return new Row(metric, base, now, change, allowed, regressed);
    }
}
