package dev.todoctl.validation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.http.HttpProbe;

import static dev.todoctl.validation.scenario.ScenarioContext.expect;
import static dev.todoctl.validation.scenario.ScenarioContext.expectJson;
import static dev.todoctl.validation.scenario.ScenarioContext.expectStatus;

/** 1: liveness and readiness of every component, metrics and the served contract. */
final class HealthScenario implements Scenario {
    @Override
    public String id() {
        return "health";
    }

    @Override
    public String title() {
        return "e2e 1: health & readiness";
    }

    @Override
    public void run(ScenarioContext ctx) {
        ctx.check("api liveness /health is UP", () -> up(ctx.http().send(HttpProbe.Call.get(ctx.api().url("/health")))));
        ctx.check("api readiness /health/ready is UP", () -> {
            JsonNode body = up(ctx.http().send(HttpProbe.Call.get(ctx.api().url("/health/ready"))));
            body.path("checks").properties().forEach(e -> expect("UP".equals(e.getValue().asText()),
                    () -> "readiness check " + e.getKey() + " is " + e.getValue().asText()));
        });
        ctx.check("api /metrics is Prometheus text", () -> {
            HttpProbe.Reply r = expectStatus(ctx.http().send(HttpProbe.Call.get(ctx.api().url("/metrics"))), 200);
            expect(r.contentType().startsWith("text/plain") && r.body().contains("# TYPE"),
                    () -> "not Prometheus text format\n" + r.exchange().describe());
        });
        ctx.check("api /openapi serves an OpenAPI 3 document", () -> {
            HttpProbe.Reply r = expectStatus(ctx.http().send(HttpProbe.Call.get(ctx.api().url("/openapi"))
                    .header("Accept", "application/json")), 200);
            expect(r.json() != null && r.json().path("openapi").asText().startsWith("3."),
                    () -> "no openapi 3.x document\n" + r.exchange().describe());
        });
        if (ctx.web() == null) {
            ctx.skip("web liveness", "no web URL given");
            ctx.skip("web readiness", "no web URL given");
            ctx.skip("web serves the UI", "no web URL given");
            return;
        }
        ctx.check("web liveness /health is UP", () -> up(ctx.http().send(HttpProbe.Call.get(ctx.web().url("/health")))));
        ctx.check("web readiness /health/ready is UP (api reachable from web)",
                () -> up(ctx.http().send(HttpProbe.Call.get(ctx.web().url("/health/ready")))));
        ctx.check("web serves the UI at /", () -> {
            HttpProbe.Reply r = expectStatus(ctx.http().send(HttpProbe.Call.get(ctx.web().url("/"))), 200);
            expect(r.contentType().startsWith("text/html") && r.body().toLowerCase(java.util.Locale.ROOT).contains("<html"),
                    () -> "/ is not an HTML page\n" + r.exchange().describe());
        });
    }

    private static JsonNode up(HttpProbe.Reply r) {
        JsonNode body = expectJson(r, 200);
        expect("UP".equals(body.path("status").asText()), () -> "status is not UP\n" + r.exchange().describe());
        return body;
    }
}
