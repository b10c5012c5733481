package dev.todoctl.validation.report;

import java.util.List;
import java.util.Locale;

/** The human summary: one row per suite, then every failure with its message. Plain text, no colour. */
public final class SummaryTable {
    private SummaryTable() {
    }

    public static String render(Report report) {
        List<SuiteResult> suites = report.suites();
        int w = Math.max(28, suites.stream().mapToInt(s -> s.name().length()).max().orElse(0));
        StringBuilder sb = new StringBuilder();
        String fmt = "%-" + w + "s  %6s  %6s  %6s  %6s  %8s%n";
        sb.append(String.format(Locale.ROOT, fmt, report.name(), "checks", "passed", "failed", "skipped", "time"));
        sb.append("-".repeat(w + 44)).append('\n');
        for (SuiteResult s : suites) {
            sb.append(String.format(Locale.ROOT, fmt, s.name(), s.checks().size(), s.count(Outcome.PASSED),
                    s.count(Outcome.FAILED), s.count(Outcome.SKIPPED), ms(s.duration().toMillis())));
        }
        sb.append("-".repeat(w + 44)).append('\n');
        sb.append(String.format(Locale.ROOT, fmt, report.passed() ? "PASSED" : "FAILED", report.total(),
                report.count(Outcome.PASSED), report.count(Outcome.FAILED), report.count(Outcome.SKIPPED),
                ms(report.duration().toMillis())));
        for (SuiteResult s : suites) {
            for (CheckResult c : s.checks()) {
                if (c.outcome() == Outcome.FAILED) {
                    sb.append("\nFAILED ").append(s.name()).append(" › ").append(c.name()).append('\n')
                            .append(indent(c.message()));
                    // the request and response, unless the message already shows them
                    List<dev.todoctl.validation.http.Exchange> ev = c.evidence();
                    for (var e : ev.subList(Math.max(0, ev.size() - 2), ev.size())) {
                        if (!c.message().contains(e.method() + " " + e.url())) {
                            sb.append(indent(e.describe()));
                        }
                    }
                } else if (c.outcome() == Outcome.PASSED && !c.message().isEmpty()) {
                    sb.append("\nnote ").append(s.name()).append(" › ").append(c.name()).append(": ")
                            .append(c.message()).append('\n');
                } else if (c.outcome() == Outcome.SKIPPED) {
                    sb.append("\nskipped ").append(s.name()).append(" › ").append(c.name()).append(": ")
                            .append(c.message()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String ms(long millis) {
        return millis < 10_000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String indent(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }
}
