package dev.todoctl.validation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.TodoClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.todoctl.validation.scenario.ScenarioContext.expect;
import static dev.todoctl.validation.scenario.ScenarioContext.expectEquals;
import static dev.todoctl.validation.scenario.ScenarioContext.expectJson;

/**
 * 6: data survives an api restart — users, tasks (with every field) and chat history — and the api becomes ready
 * again within the deadline; the recovery time is reported. Needs {@code TargetHooks.restartApi()}.
 */
final class PersistenceScenario implements Scenario {
    private final Duration deadline;

    PersistenceScenario(Duration deadline) {
        this.deadline = deadline;
    }

    @Override
    public String id() {
        return "persistence";
    }

    @Override
    public String title() {
        return "e2e 6: persistence across an api restart";
    }

    @Override
    public void run(ScenarioContext ctx) {
        if (!ctx.target().hooks().canRestartApi()) {
            String reason = "the target (" + ctx.target().hooks().describe() + ") cannot restart the api";
            ctx.skip("api restarts and becomes ready", reason);
            ctx.skip("tasks, users and chat history survive the restart", reason);
            return;
        }
        TodoClient api = ctx.api();
        TodoClient.User u = ctx.user("persist");
        JsonNode before = api.createTask(u.token(), Map.of("title", "survive the restart", "description", "kept",
                "priority", "high", "tags", List.of("durable"), "due_date", "2031-01-02"));
        api.send("POST", "/api/v1/tasks/" + before.path("id").asLong() + "/complete", u.token(), null);
        JsonNode chat = expectJson(api.chat(u.token(), "hello", null), 200);
        long conversation = chat.path("conversation_id").asLong();
        boolean recovered = ctx.checkWithDetail("api restarts and becomes ready", () -> {
            long start = System.nanoTime();
            ctx.target().hooks().restartApi();
            ctx.http().forgetConnections();
            long deadlineAt = start + deadline.toNanos();
            HttpProbe.Reply last = null;
            while (System.nanoTime() < deadlineAt) {
                last = ctx.http().send(HttpProbe.Call.get(api.url("/health/ready")));
                if (last.status() == 200) {
                    return "recovered (ready again) in " + Duration.ofNanos(System.nanoTime() - start).toMillis()
                            + " ms";
                }
                Thread.sleep(100);
            }
            throw new CheckFailure("not ready " + deadline.toSeconds() + " s after the restart"
                    + (last == null ? "" : "\n" + last.exchange().describe()));
        });
        if (!recovered) {
            ctx.skip("tasks, users and chat history survive the restart", "the api did not come back");
            return;
        }
        // connections pooled while the old instance went away may still lead to it (seen through a port-forward on a
        // real cluster): the survival checks start on fresh ones
        ctx.http().forgetConnections();
        ctx.check("tasks, users and chat history survive the restart", () -> {
            expectJson(api.get("/api/v1/auth/me", u.token()), 200);
            expectJson(api.login(u.email(), u.password()), 200);
            JsonNode after = expectJson(api.get("/api/v1/tasks/" + before.path("id").asLong(), u.token()), 200);
            for (String field : List.of("title", "description", "priority", "tags", "due_date", "created_at")) {
                expectEquals(before.path(field), after.path(field), "task." + field + " after restart");
            }
            expectEquals(true, after.path("completed").asBoolean(), "task.completed after restart");
            JsonNode msgs = expectJson(api.get("/api/v1/conversations/" + conversation + "/messages", u.token()), 200);
            expect(msgs.path("items").size() >= 2, () -> "chat history lost: " + msgs);
            expectJson(api.chat(u.token(), "what's still open?", conversation), 200);
        });
    }
}
