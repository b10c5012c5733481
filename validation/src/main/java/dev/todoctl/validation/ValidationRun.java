package dev.todoctl.validation;

import dev.todoctl.validation.contract.ContractChecker;
import dev.todoctl.validation.contract.ContractReport;
import dev.todoctl.validation.http.Redactor;
import dev.todoctl.validation.report.EvidenceBundle;
import dev.todoctl.validation.report.JUnitXmlWriter;
import dev.todoctl.validation.report.JsonReportWriter;
import dev.todoctl.validation.report.Report;
import dev.todoctl.validation.scenario.ScenarioRunner;
import dev.todoctl.validation.scenario.ValidationReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code todoctl validate} does, in one call: the contract check, the end-to-end scenarios, one combined
 * report written as JUnit XML and JSON, and an evidence bundle when anything failed. The exit code stays the
 * cli's decision: {@link Result#contractPassed()} and {@link Result#e2ePassed()} say which phase failed.
 */
public final class ValidationRun {

    /**
     * @param contract    run the contract check (drift, conformance, negative probes)
     * @param e2e         run the end-to-end scenarios
     * @param scenarios   scenario ids to run (empty = all nine)
     * @param junit       where to write JUnit XML, if anywhere
     * @param json        where to write the JSON report, if anywhere
     * @param evidenceDir where to write the evidence bundle when something failed, if anywhere
     * @param fuzzRequests {@code --fuzz N}: N generated hostile requests as a scenario of their own (0 = none);
     *                    reported in the end-to-end phase even when the other scenarios are skipped
     */
    public record Options(boolean contract, boolean e2e, Set<String> scenarios, Optional<Path> junit,
                          Optional<Path> json, Optional<Path> evidenceDir, int fuzzRequests) {
        public Options {
            if (fuzzRequests < 0) {
                throw new IllegalArgumentException("fuzzRequests must not be negative");
            }
        }

        public Options(boolean contract, boolean e2e, Set<String> scenarios, Optional<Path> junit,
                       Optional<Path> json, Optional<Path> evidenceDir) {
            this(contract, e2e, scenarios, junit, json, evidenceDir, 0);
        }

        public static Options all() {
            return new Options(true, true, Set.of(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        public Options withFuzz(int requests) {
            return new Options(contract, e2e, scenarios, junit, json, evidenceDir, requests);
        }
    }

    /** Both phases' reports (absent when not run), the combined report, and where the evidence went. */
    public record Result(Optional<ContractReport> contract, Optional<ValidationReport> e2e, Report combined,
                         Optional<Path> evidence) {
        public boolean contractPassed() {
            return contract.map(Report::passed).orElse(true);
        }

        public boolean e2ePassed() {
            return e2e.map(Report::passed).orElse(true);
        }

        public boolean passed() {
            return contractPassed() && e2ePassed();
        }
    }

    private final ContractChecker contractChecker;
    private final ScenarioRunner runner;

    public ValidationRun(ContractChecker contractChecker, ScenarioRunner runner) {
        this.contractChecker = contractChecker;
        this.runner = runner;
    }

    /** The bundled frozen contract and the nine standard scenarios. */
    public static ValidationRun standard() {
        return new ValidationRun(ContractChecker.bundled(), ScenarioRunner.standard());
    }

    public Result run(ValidationTarget target, Options options) throws IOException {
        List<Report> parts = new ArrayList<>();
        Optional<ContractReport> contract = Optional.empty();
        if (options.contract()) {
            contract = Optional.of(contractChecker.check(target));
            parts.add(contract.get());
        }
        Optional<ValidationReport> e2e = Optional.empty();
        if (options.e2e() || options.fuzzRequests() > 0) {
            ScenarioRunner r = !options.e2e() ? new ScenarioRunner(List.of())
                    : options.scenarios().isEmpty() ? runner : runner.only(options.scenarios());
            if (options.fuzzRequests() > 0) {
                r = r.withFuzz(options.fuzzRequests());
            }
            e2e = Optional.of(r.run(target));
            parts.add(e2e.get());
        }
        Report combined = Report.combine("todoctl-validate", parts);
        if (options.junit().isPresent()) {
            JUnitXmlWriter.write(combined, options.junit().get());
        }
        if (options.json().isPresent()) {
            JsonReportWriter.write(combined, options.json().get());
        }
        Optional<Path> evidence = Optional.empty();
        if (options.evidenceDir().isPresent()) {
            evidence = EvidenceBundle.writeIfFailed(combined, target.hooks(), new Redactor(target.secrets()),
                    options.evidenceDir().get());
        }
        return new Result(contract, e2e, combined, evidence);
    }
}
