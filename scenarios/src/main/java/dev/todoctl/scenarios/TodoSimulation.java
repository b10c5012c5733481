package dev.todoctl.scenarios;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * The simulation Gatling runs: the planned scenario, its users injected over the ramp, the thresholds as Gatling
 * assertions (a second opinion on todoctl's own verdict). No warm-up request: Gatling's default one goes to an
 * outside address, and a load test must only talk to its target.
 */
public final class TodoSimulation extends Simulation {
    private final ChildRun run = ChildRun.current();

    public TodoSimulation() {
        LoadPlan plan = run.plan();
        HttpProtocolBuilder protocol = http.baseUrl(plan.baseUrl())
                .acceptHeader("application/json")
                .userAgentHeader("todoctl-loadtest")
                .disableWarmUp();
        OpenInjectionStep injection = plan.ramp().isZero()
                ? atOnceUsers(plan.users())
                : rampUsers(plan.users()).during(plan.ramp());
        setUp(new Scenarios(run.recorder(), run::running, plan, run.prepared()).build(plan.scenario())
                .injectOpen(injection).protocols(protocol))
                .maxDuration(plan.duration().plusSeconds(60))
                .assertions(plan.thresholds().stream().map(TodoSimulation::assertion).toList());
    }

    @Override
    public void before() {
        run.simulationStarted();
    }

    @Override
    public void after() {
        run.simulationEnded();
    }

    static Assertion assertion(Threshold t) {
        boolean below = t.comparison() == Threshold.Comparison.BELOW;
        int millis = (int) Math.round(t.value());
        return switch (t.metric()) {
            case P50 -> time(global().responseTime().percentile(50.0), below, millis);
            case P95 -> time(global().responseTime().percentile(95.0), below, millis);
            case P99 -> time(global().responseTime().percentile(99.0), below, millis);
            case MAX -> time(global().responseTime().max(), below, millis);
            case ERROR_PERCENT -> below ? global().failedRequests().percent().lt(t.value())
                    : global().failedRequests().percent().gt(t.value());
            case RPS -> below ? global().requestsPerSec().lt(t.value()) : global().requestsPerSec().gt(t.value());
        };
    }

    private static Assertion time(Assertion.WithPathAndTarget<Integer> target, boolean below, int millis) {
        return below ? target.lt(millis) : target.gt(millis);
    }
}
