package dev.todoctl.validation.scenario;

import dev.todoctl.validation.report.Report;
import dev.todoctl.validation.report.SuiteResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The outcome of {@link ScenarioRunner#run}: one suite per scenario. */
public record ValidationReport(Instant startedAt, Duration duration, List<SuiteResult> suites) implements Report {

    public ValidationReport {
        suites = List.copyOf(suites);
    }

    @Override
    public String name() {
        return "e2e";
    }
}
