package dev.todoctl.validation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.TodoClient;

import java.util.Map;

import static dev.todoctl.validation.scenario.ScenarioContext.expect;
import static dev.todoctl.validation.scenario.ScenarioContext.expectEquals;
import static dev.todoctl.validation.scenario.ScenarioContext.expectError;
import static dev.todoctl.validation.scenario.ScenarioContext.expectJson;
import static dev.todoctl.validation.scenario.ScenarioContext.expectStatus;

/**
 * 7: the browser's path — the web service proxies {@code /api/*} to the api (data written through one is read
 * through the other, errors keep their shape) — and CORS on the api: an allowed origin gets
 * Access-Control-Allow-Origin, any other origin gets none.
 */
final class WebScenario implements Scenario {
    static final String REFUSED_ORIGIN = "https://refused.todoctl.invalid";

    @Override
    public String id() {
        return "web";
    }

    @Override
    public String title() {
        return "e2e 7: web → api and CORS";
    }

    @Override
    public void run(ScenarioContext ctx) {
        TodoClient api = ctx.api();
        TodoClient web = ctx.web();
        if (web == null) {
            ctx.skip("web proxies /api to the api", "no web URL given");
        } else {
            TodoClient.User u = ctx.user("web");
            ctx.check("a task written through the web is read through the api, and back", () -> {
                JsonNode created = expectJson(web.createTaskReply(u.token(), Map.of("title", "via the web")), 201);
                JsonNode direct = expectJson(api.get("/api/v1/tasks/" + created.path("id").asLong(), u.token()), 200);
                expectEquals("via the web", direct.path("title").asText(), "title read from the api");
                JsonNode viaWeb = expectJson(web.get("/api/v1/tasks?q=via", u.token()), 200);
                expectEquals(1, viaWeb.path("total").asInt(-1), "total through the web");
            });
            ctx.check("login through the web works", () -> expectJson(web.login(u.email(), u.password()), 200));
            ctx.check("errors keep their shape through the web (401, 404)", () -> {
                expectError(web.get("/api/v1/tasks", null), 401, "unauthorized");
                expectError(web.get("/api/v1/tasks/999999999", u.token()), 404, "not_found");
            });
        }
        String allowed = ctx.target().allowedOrigin().orElse(null);
        if (allowed == null) {
            ctx.skip("CORS: allowed origin gets Access-Control-Allow-Origin", "no allowed origin was given");
        } else {
            ctx.check("CORS: allowed origin gets Access-Control-Allow-Origin (preflight and request)", () -> {
                HttpProbe.Reply pre = preflight(ctx, allowed);
                expect(pre.status() < 300, () -> "preflight refused\n" + pre.exchange().describe());
                expectEquals(allowed, pre.header("access-control-allow-origin"), "preflight Access-Control-Allow-Origin");
                expect(pre.header("access-control-allow-methods") != null
                        && pre.header("access-control-allow-methods").contains("POST"),
                        () -> "preflight does not allow POST\n" + pre.exchange().describe());
                HttpProbe.Reply get = ctx.http().send(HttpProbe.Call.get(api.url("/health")).header("Origin", allowed));
                expectStatus(get, 200);
                expectEquals(allowed, get.header("access-control-allow-origin"), "Access-Control-Allow-Origin");
            });
        }
        ctx.check("CORS: another origin gets no Access-Control-Allow-Origin", () -> {
            HttpProbe.Reply pre = preflight(ctx, REFUSED_ORIGIN);
            // no answer at all must not count as "refused"
            expect(pre.status() > 0, () -> "no answer to the preflight\n" + pre.exchange().describe());
            expect(pre.header("access-control-allow-origin") == null,
                    () -> "preflight from a foreign origin was allowed\n" + pre.exchange().describe());
            HttpProbe.Reply get = expectStatus(ctx.http().send(HttpProbe.Call.get(api.url("/health"))
                    .header("Origin", REFUSED_ORIGIN)), 200);
            expect(get.header("access-control-allow-origin") == null,
                    () -> "a foreign origin got Access-Control-Allow-Origin\n" + get.exchange().describe());
        });
    }

    private static HttpProbe.Reply preflight(ScenarioContext ctx, String origin) {
        return ctx.http().send(HttpProbe.Call.of("OPTIONS", ctx.api().url("/api/v1/tasks"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type"));
    }
}
