package dev.todoctl.cli.loadtest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.scenarios.Threshold;
import dev.todoctl.scenarios.Threshold.Comparison;
import dev.todoctl.scenarios.Threshold.Metric;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --slo} expressions: {@code p50|p95|p99|max < N ms|s}, {@code errors < N %}, {@code rps > N} (either
 * comparison is accepted for every metric). Times are stored in milliseconds, the error rate in percent.
 */
public final class Slos {
    private static final Pattern EXPR = Pattern.compile("^(p50|p95|p99|max|errors|error_rate|rps)\\s*([<>])\\s*"
            + "([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|%)?$");

    /** When no {@code --slo} is given: the one the teams always require, no errors to speak of. */
    public static final List<String> DEFAULTS = List.of("errors<0.1%");

    private Slos() {
    }

    public static Threshold parse(String text) {
        Matcher m = EXPR.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw TodoctlException.usage("cannot read SLO '" + text + "'",
                    "write METRIC<VALUE or METRIC>VALUE, e.g. p95<100ms, p99<1s, max<2000ms, errors<0.1%, rps>500");
        }
        Metric metric = switch (m.group(1)) {
            case "p50" -> Metric.P50;
            case "p95" -> Metric.P95;
            case "p99" -> Metric.P99;
            case "max" -> Metric.MAX;
            case "errors", "error_rate" -> Metric.ERROR_PERCENT;
            default -> Metric.RPS;
        };
        double value = Double.parseDouble(m.group(3));
        String unit = m.group(4);
        boolean time = metric != Metric.ERROR_PERCENT && metric != Metric.RPS;
        if (time) {
            if (unit == null || unit.equals("%")) {
                throw TodoctlException.usage("SLO '" + text + "' needs a time unit", "e.g. " + m.group(1) + m.group(2) + "100ms or 1s");
            }
            value = unit.equals("s") ? value * 1000 : value;
        } else if (metric == Metric.ERROR_PERCENT && unit != null && !unit.equals("%")) {
            throw TodoctlException.usage("SLO '" + text + "': the error rate is a percentage", "e.g. errors<0.1%");
        } else if (metric == Metric.RPS && unit != null) {
            throw TodoctlException.usage("SLO '" + text + "': rps takes a plain number", "e.g. rps>500");
        }
        return new Threshold(metric, m.group(2).equals("<") ? Comparison.BELOW : Comparison.ABOVE, value);
    }

    public static List<Threshold> parseAll(List<String> texts) {
        return (texts == null || texts.isEmpty() ? DEFAULTS : texts).stream().map(Slos::parse).toList();
    }

    /** The number a threshold is about, in the run's summary. */
    public static double actual(Threshold t, LoadSummary s) {
        return switch (t.metric()) {
            case P50 -> s.p50Ms();
            case P95 -> s.p95Ms();
            case P99 -> s.p99Ms();
            case MAX -> s.maxMs();
            case ERROR_PERCENT -> s.errorRatePercent();
            case RPS -> s.rps();
        };
    }

    public static List<SloCheck> check(List<Threshold> thresholds, LoadSummary s) {
        return thresholds.stream().map(t -> new SloCheck(t.encode(), Slos.actual(t, s), t.holds(Slos.actual(t, s)))).toList();
    }

    /** One SLO against the run: the expression, the measured value (same unit) and whether it held. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SloCheck(String slo, double actual, boolean held) {
    }
}
