package dev.todoctl.validation.scenario;

import dev.todoctl.validation.ValidationTarget;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.Redactor;
import dev.todoctl.validation.report.CheckResult;
import dev.todoctl.validation.report.SuiteResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** {@code todoctl validate}: runs scenarios in order, each in its own context, and collects the suites. */
public final class ScenarioRunner {
    private final List<Scenario> scenarios;

    public ScenarioRunner(List<Scenario> scenarios) {
        this.scenarios = List.copyOf(scenarios);
    }

    /** The nine standard scenarios, in the order they are reported. */
    public static ScenarioRunner standard() {
        return standard(ScenarioSettings.defaults());
    }

    public static ScenarioRunner standard(ScenarioSettings settings) {
        return new ScenarioRunner(standardScenarios(settings));
    }

    public static List<Scenario> standardScenarios(ScenarioSettings settings) {
        return List.of(new HealthScenario(), new AuthScenario(), new TasksScenario(), new ChatScenario(),
                new IsolationScenario(), new PersistenceScenario(settings.restartDeadline()), new WebScenario(),
                new LatencyScenario(settings.readP95Budget(), settings.latencyRequests()), new HygieneScenario());
    }

    public List<Scenario> scenarios() {
        return scenarios;
    }

    /** Only the scenarios whose ids are given (unknown ids are an error, so typos do not pass silently). */
    public ScenarioRunner only(Collection<String> ids) {
        Set<String> known = Set.copyOf(scenarios.stream().map(Scenario::id).toList());
        for (String id : ids) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException("unknown scenario '" + id + "'; known: " + known);
            }
        }
        return new ScenarioRunner(scenarios.stream().filter(s -> ids.contains(s.id())).toList());
    }

    /**
     * These scenarios followed by {@code validate --fuzz}'s: {@code requests} generated hostile requests with a
     * fixed seed, so a finding can be reproduced.
     */
    public ScenarioRunner withFuzz(int requests) {
        List<Scenario> all = new ArrayList<>(scenarios);
        all.add(new FuzzScenario(requests, FUZZ_SEED));
        return new ScenarioRunner(all);
    }

    /** The seed of {@link #withFuzz}: fixed, so two runs against the same app send the same requests. */
    public static final long FUZZ_SEED = 20261207L;

    public ValidationReport run(ValidationTarget target) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        HttpProbe http = new HttpProbe(target.timeout(), new Redactor(target.secrets()));
        List<SuiteResult> suites = new ArrayList<>();
        for (Scenario s : scenarios) {
            ScenarioContext ctx = new ScenarioContext(target, http);
            long s0 = System.nanoTime();
            try {
                s.run(ctx);
            } catch (RuntimeException e) {
                // a scenario's set-up (e.g. signup) failed: record it instead of aborting the run
                ctx.setUpFailed(e);
            } finally {
                ctx.cleanUp();
            }
            List<CheckResult> results = ctx.results();
            suites.add(new SuiteResult(s.title(), results, Duration.ofNanos(System.nanoTime() - s0)));
        }
        return new ValidationReport(started, Duration.ofNanos(System.nanoTime() - t0), suites);
    }
}
