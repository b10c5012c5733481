package dev.todoctl.validation.scenario;

import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.TodoClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.todoctl.validation.scenario.ScenarioContext.expect;

/**
 * 8: the read latency budget — p95 of at least 200 sequential reads (list, get, me) within the budget
 * (default 100 ms), measured by the client after a short warm-up. Every read must also succeed.
 */
final class LatencyScenario implements Scenario {
    private final Duration budget;
    private final int requests;

    LatencyScenario(Duration budget, int requests) {
        this.budget = budget;
        this.requests = requests;
    }

    @Override
    public String id() {
        return "latency";
    }

    @Override
    public String title() {
        return "e2e 8: read latency budget";
    }

    @Override
    public void run(ScenarioContext ctx) {
        TodoClient api = ctx.api();
        TodoClient.User u = ctx.user("latency");
        long id = 0;
        for (int i = 0; i < 10; i++) {
            id = api.createTask(u.token(), Map.of("title", "latency " + i, "tags", List.of("perf"))).path("id").asLong();
        }
        List<String> reads = List.of("/api/v1/tasks", "/api/v1/tasks/" + id, "/api/v1/auth/me",
                "/api/v1/tasks?status=pending&sort=priority&order=desc", "/api/v1/tasks?q=latency&limit=5");
        for (int i = 0; i < 20; i++) {
            api.get(reads.get(i % reads.size()), u.token());
        }
        ctx.checkWithDetail("p95 of " + requests + " reads ≤ " + budget.toMillis() + " ms", () -> {
            List<Long> micros = new ArrayList<>(requests);
            int failures = 0;
            HttpProbe.Reply firstFailure = null;
            for (int i = 0; i < requests; i++) {
                HttpProbe.Reply r = api.get(reads.get(i % reads.size()), u.token());
                micros.add(r.exchange().duration().toNanos() / 1000);
                if (r.status() != 200) {
                    failures++;
                    firstFailure = firstFailure == null ? r : firstFailure;
                }
            }
            Collections.sort(micros);
            long p50 = micros.get(micros.size() / 2);
            long p95 = micros.get((int) Math.ceil(micros.size() * 0.95) - 1);
            long max = micros.get(micros.size() - 1);
            String stats = String.format(Locale.ROOT, "p50 %.1f ms, p95 %.1f ms, max %.1f ms over %d reads",
                    p50 / 1000.0, p95 / 1000.0, max / 1000.0, requests);
            HttpProbe.Reply ff = firstFailure;
            int failed = failures;
            expect(failed == 0, () -> failed + " of " + requests + " reads failed; " + stats + "\n"
                    + ff.exchange().describe());
            expect(p95 <= budget.toNanos() / 1000, () -> "p95 over budget " + budget.toMillis() + " ms: " + stats);
            return stats;
        });
    }
}
