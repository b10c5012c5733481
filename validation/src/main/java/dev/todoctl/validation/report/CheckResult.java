package dev.todoctl.validation.report;

import dev.todoctl.validation.http.Exchange;

import java.time.Duration;
import java.util.List;

/**
 * One check: a JUnit test case. {@code message} says why it failed or was skipped; {@code evidence} holds the
 * (redacted) requests and responses that prove it.
 */
public record CheckResult(String name, Outcome outcome, String message, Duration duration, List<Exchange> evidence) {

    public CheckResult {
        evidence = List.copyOf(evidence);
        message = message == null ? "" : message;
    }

    public static CheckResult passed(String name, Duration duration) {
        return new CheckResult(name, Outcome.PASSED, "", duration, List.of());
    }

    /** Passed, with a detail worth keeping (a measured time, a count). */
    public static CheckResult passed(String name, Duration duration, String detail) {
        return new CheckResult(name, Outcome.PASSED, detail, duration, List.of());
    }

    public static CheckResult failed(String name, String message, Duration duration, List<Exchange> evidence) {
        return new CheckResult(name, Outcome.FAILED, message, duration, evidence);
    }

    public static CheckResult skipped(String name, String reason) {
        return new CheckResult(name, Outcome.SKIPPED, reason, Duration.ZERO, List.of());
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }
}
