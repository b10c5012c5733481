package dev.todoctl.scenarios;

import java.util.Locale;

/**
 * One service-level objective on a run's numbers ({@code p95 < 100 ms}, {@code errors < 0.1 %},
 * {@code rps > 500}). Times are in milliseconds, the error rate in percent. The runner also hands them to
 * Gatling as assertions, so that Gatling's own verdict can be compared with todoctl's.
 */
public record Threshold(Metric metric, Comparison comparison, double value) {

    public enum Metric {
        P50, P95, P99, MAX, ERROR_PERCENT, RPS;

        /** The name users write: p95, errors, rps... */
        public String label() {
            return switch (this) {
                case ERROR_PERCENT -> "errors";
                default -> name().toLowerCase(Locale.ROOT);
            };
        }

        public String unit() {
            return switch (this) {
                case ERROR_PERCENT -> "%";
                case RPS -> "";
                default -> "ms";
            };
        }
    }

    public enum Comparison {
        BELOW("<"), ABOVE(">");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public boolean holds(double actual) {
        return comparison == Comparison.BELOW ? actual < value : actual > value;
    }

    /** {@code p95<100ms}, the form users write and {@link #decode} reads back. */
    public String encode() {
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        return metric.label() + comparison.symbol() + number + metric.unit();
    }

    public static Threshold decode(String text) {
        String t = text.replace(" ", "").toLowerCase(Locale.ROOT);
        int at = Math.max(t.indexOf('<'), t.indexOf('>'));
        if (at <= 0) {
            throw new IllegalArgumentException("not a threshold: " + text);
        }
        Metric metric = null;
        for (Metric m : Metric.values()) {
            if (m.label().equals(t.substring(0, at))) {
                metric = m;
            }
        }
        if (metric == null) {
            throw new IllegalArgumentException("unknown metric in " + text);
        }
        String number = t.substring(at + 1).replaceAll("(ms|%)$", "");
        return new Threshold(metric, t.charAt(at) == '<' ? Comparison.BELOW : Comparison.ABOVE, Double.parseDouble(number));
    }
}
