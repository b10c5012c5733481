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
        return of(slos, comparison, setupErrors, requests, null);
    }

    /** {@code phase}: the set-up phase before the ramp; when it could not prepare every user, the load did not start. */
    public static Verdict of(List<Slos.SloCheck> slos, BaselineComparison comparison, long setupErrors, long requests,
                             LoadSummary.SetupPhaseLine phase) {
        List<String> reasons = new ArrayList<>();
        boolean setupFailed = phase != null && !phase.complete();
        if (setupFailed) {
            reasons.add(phase.stopped() ? "stopped during the set-up phase: the load did not start"
                    : "the set-up phase could not prepare " + phase.failed() + " of " + phase.users() + " users: the load did not start"
                    + (phase.errors().isEmpty() ? "" : " (" + phase.errors().getFirst() + ")"));
        } else if (setupErrors > 0) {
            reasons.add(setupErrors + " set-up request(s) failed: some users could not sign up or seed their tasks");
        }
        if (requests == 0 && !setupFailed) {
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
