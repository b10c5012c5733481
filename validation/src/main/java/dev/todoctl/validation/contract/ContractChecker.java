package dev.todoctl.validation.contract;

import dev.todoctl.validation.ValidationTarget;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.Redactor;
import dev.todoctl.validation.http.TodoClient;
import dev.todoctl.validation.report.CheckResult;
import dev.todoctl.validation.report.SuiteResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code todoctl contract check}: (a) drift of the live {@code /openapi} from the frozen contract, (b) every
 * frozen operation called with valid inputs and its response validated, (c) generated client mistakes, each of
 * which must get its documented 4xx. Creates its own users and data and removes the data afterwards.
 */
public final class ContractChecker {
    private final OpenApiDocument frozen;

    public ContractChecker(OpenApiDocument frozen) {
        this.frozen = frozen;
    }

    /** Checks against the contract bundled in this library. */
    public static ContractChecker bundled() {
        return new ContractChecker(OpenApiDocument.bundled());
    }

    /** Only the drift part: the live contract against the frozen one (no calls besides {@code /openapi}). */
    public List<Change> drift(ValidationTarget target) {
        return DriftChecker.diff(frozen, new ContractFreezer(target.timeout()).fetch(target.apiUrl()));
    }

    public ContractReport check(ValidationTarget target) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        HttpProbe http = new HttpProbe(target.timeout(), new Redactor(target.secrets()));
        TodoClient client = new TodoClient(http, target.apiUrl());

        long d0 = System.nanoTime();
        List<Change> changes = new ArrayList<>();
        List<CheckResult> driftChecks = new ArrayList<>();
        try {
            OpenApiDocument live = new ContractFreezer(target.timeout()).fetch(target.apiUrl());
            long l0 = System.nanoTime();
            List<String> lint = OpenApiLint.problems(live);
            driftChecks.add(lint.isEmpty()
                    ? CheckResult.passed("live /openapi is a valid OpenAPI 3 document", ConformanceChecker.since(l0))
                    : CheckResult.failed("live /openapi is a valid OpenAPI 3 document",
                    "swagger-parser: " + String.join("\n", lint), ConformanceChecker.since(l0), List.of()));
            changes.addAll(DriftChecker.diff(frozen, live));
            driftChecks.addAll(driftResults(changes));
        } catch (RuntimeException e) {
            driftChecks.add(CheckResult.failed("fetch live contract", "could not read " + target.apiUrl()
                    + "/openapi: " + e.getMessage(), ConformanceChecker.since(d0), List.of()));
        }
        SuiteResult drift = new SuiteResult("contract: drift", driftChecks, ConformanceChecker.since(d0));

        SchemaValidator validator = new SchemaValidator(frozen);
        ContractFixtures fixtures = new ContractFixtures(client, frozen);
        try {
            SuiteResult conformance = suite("contract: conformance",
                    () -> new ConformanceChecker(frozen, validator, client, fixtures).run(), http);
            SuiteResult negative = suite("contract: negative probes",
                    () -> new NegativeProber(frozen, validator, client, fixtures).run(), http);
            return new ContractReport(started, ConformanceChecker.since(t0), drift, conformance, negative, changes);
        } finally {
            fixtures.cleanUp();
        }
    }

    private static SuiteResult suite(String name, java.util.function.Supplier<List<CheckResult>> checks,
                                     HttpProbe http) {
        long s = System.nanoTime();
        List<CheckResult> results;
        try {
            results = checks.get();
        } catch (RuntimeException e) {
            // e.g. signup is broken: nothing else can run, say so once
            results = List.of(CheckResult.failed("set-up", e.getMessage(), ConformanceChecker.since(s),
                    http.recent(3)));
        }
        return new SuiteResult(name, results, ConformanceChecker.since(s));
    }

    static List<CheckResult> driftResults(List<Change> changes) {
        List<CheckResult> results = new ArrayList<>();
        if (changes.stream().noneMatch(Change::breaking)) {
            results.add(CheckResult.passed("no breaking change from the frozen contract", Duration.ZERO));
        }
        for (Change c : changes) {
            String name = c.location() + ": " + c.description();
            results.add(c.breaking()
                    ? CheckResult.failed(name, "breaking change: " + c.description() + " at " + c.location(),
                    Duration.ZERO, List.of())
                    : CheckResult.passed("compatible: " + name, Duration.ZERO));
        }
        return results;
    }
}
