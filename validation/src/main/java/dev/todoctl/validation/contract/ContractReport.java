package dev.todoctl.validation.contract;

import dev.todoctl.validation.report.Report;
import dev.todoctl.validation.report.SuiteResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of {@link ContractChecker#check}: three suites (drift, conformance, negative) plus the raw list of
 * drift changes for callers that want to print them.
 */
public record ContractReport(Instant startedAt, Duration duration, SuiteResult drift, SuiteResult conformance,
                             SuiteResult negative, List<Change> changes) implements Report {

    public ContractReport {
        changes = List.copyOf(changes);
    }

    @Override
    public String name() {
        return "contract";
    }

    @Override
    public List<SuiteResult> suites() {
        return List.of(drift, conformance, negative);
    }

    public List<Change> breakingChanges() {
        return changes.stream().filter(Change::breaking).toList();
    }
}
