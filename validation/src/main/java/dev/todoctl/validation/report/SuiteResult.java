package dev.todoctl.validation.report;

import java.time.Duration;
import java.util.List;

/** A group of checks: one scenario, or one contract category. One JUnit {@code testsuite}. */
public record SuiteResult(String name, List<CheckResult> checks, Duration duration) {

    public SuiteResult {
        checks = List.copyOf(checks);
    }

    public long count(Outcome outcome) {
        return checks.stream().filter(c -> c.outcome() == outcome).count();
    }

    public boolean passed() {
        return count(Outcome.FAILED) == 0;
    }

    public List<CheckResult> failures() {
        return checks.stream().filter(CheckResult::failed).toList();
    }
}
