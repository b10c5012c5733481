package dev.todoctl.cli.loadtest;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place a load test's outcome is decided: it fails (exit 60) when an SLO did not hold, the baseline
 * comparison found a regression, users failed to sign up, or nothing was measured. Gatling's own assertion verdict is reported beside it as a cross-check.
 */
public record Verdict(boolean passed, List<String> reasons) {

    public static Verdict of(List<Slos.SloCheck> slos, BaselineComparison comparison) {
        return of(slos, comparison, 0, 1);
    }

    /**
     * {@code setupErrors}: failed sign-ups or seeding — users that never ran their journey fail the run too, and so
     * does a run in which no journey request completed ({@code requests} = 0): its figures would mean nothing.
     */
    public static Verdict of(List<Slos.SloCheck> slos, BaselineComparison comparison, long setupErrors, long requests) {
        List<String> reasons = new ArrayList<>();
        if (setupErrors > 0) {
            reasons.add(setupErrors + " set-up request(s) failed: some users could not sign up or seed their tasks");
        }
        if (requests == 0) {
            reasons.add("no request of the users' journeys completed (sign-up took the whole run?): nothing to judge");
        }
        for (Slos.SloCheck c : slos) {
            if (!c.held()) {
                reasons.add("SLO " + c.slo() + " breached (measured " + LoadReport.number(c.actual()) + ")");
            }
        }
        if (comparison != null) {
            for (BaselineComparison.Row r : comparison.rows()) {
                if (r.regressed()) {
                    reasons.add(r.metric() + " regressed against baseline '" + comparison.baseline() + "': "
                            + LoadReport.number(r.current()) + " > allowed " + LoadReport.number(r.allowed())
                            + " (baseline " + LoadReport.number(r.baseline()) + ")");
                }
            }
        }
        return new Verdict(reasons.isEmpty(), reasons);
    }

    public String word() {
        return passed ? "pass" : "fail";
    }
}
