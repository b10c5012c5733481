package dev.todoctl.validation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.TodoClient;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static dev.todoctl.validation.scenario.ScenarioContext.expect;
import static dev.todoctl.validation.scenario.ScenarioContext.expectEquals;
import static dev.todoctl.validation.scenario.ScenarioContext.expectError;
import static dev.todoctl.validation.scenario.ScenarioContext.expectJson;

/**
 * 5: one user can neither see nor touch another's data — through REST (404, never 403), through the chat agent
 * and through MCP. Alice's task carries a unique marker word; Bob must never get it back, and it must stay
 * unchanged whatever Bob does.
 */
final class IsolationScenario implements Scenario {
    @Override
    public String id() {
        return "isolation";
    }

    @Override
    public String title() {
        return "e2e 5: isolation";
    }

    @Override
    public void run(ScenarioContext ctx) {
        TodoClient api = ctx.api();
        TodoClient.User alice = ctx.user("alice");
        TodoClient.User bob = ctx.user("bob");
        String marker = "aliceonly" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode task = api.createTask(alice.token(), Map.of("title", marker + " for alice", "tags", List.of("mine")));
        long id = task.path("id").asLong();
        String path = "/api/v1/tasks/" + id;
        JsonNode aliceChat = expectJson(api.chat(alice.token(), "hello", null), 200);
        long aliceConversation = aliceChat.path("conversation_id").asLong();
        api.createTask(bob.token(), Map.of("title", "bob's own task"));

        ctx.check("REST: Bob's list holds only his tasks", () -> {
            HttpProbe.Reply r = api.get("/api/v1/tasks?limit=100", bob.token());
            JsonNode list = expectJson(r, 200);
            expect(!r.body().contains(marker), () -> "Bob's list contains Alice's task\n" + r.exchange().describe());
            expectEquals(1, list.path("total").asInt(-1), "Bob's total");
        });
        ctx.check("REST: Bob's search does not find Alice's task", () -> {
            HttpProbe.Reply r = api.get("/api/v1/tasks?q=" + marker, bob.token());
            expect(!r.body().contains(marker), () -> "search leaked Alice's task\n" + r.exchange().describe());
            expectEquals(0, expectJson(r, 200).path("total").asInt(-1), "total for Alice's marker");
        });
        ctx.check("REST: Bob gets 404 for Alice's task on every method", () -> {
            expectError(api.get(path, bob.token()), 404, "not_found");
            expectError(api.send("PUT", path, bob.token(), Map.of("title", "hijacked")), 404, "not_found");
            expectError(api.send("PATCH", path, bob.token(), Map.of("title", "hijacked")), 404, "not_found");
            expectError(api.send("POST", path + "/complete", bob.token(), null), 404, "not_found");
            expectError(api.send("DELETE", path, bob.token(), null), 404, "not_found");
        });
        ctx.check("REST: Bob cannot read or delete Alice's conversation", () -> {
            HttpProbe.Reply list = api.get("/api/v1/conversations", bob.token());
            for (JsonNode c : expectJson(list, 200).path("items")) {
                expect(c.path("id").asLong() != aliceConversation,
                        () -> "Bob's conversations include Alice's\n" + list.exchange().describe());
            }
            expectError(api.get("/api/v1/conversations/" + aliceConversation + "/messages", bob.token()), 404,
                    "not_found");
            expectError(api.chat(bob.token(), "hello", aliceConversation), 404, "not_found");
            expectError(api.send("DELETE", "/api/v1/conversations/" + aliceConversation, bob.token(), null), 404,
                    "not_found");
        });
        ctx.check("chat: Bob's agent cannot list, complete or delete Alice's task", () -> {
            JsonNode listed = expectJson(api.chat(bob.token(), "what's still open?", null), 200);
            expect(!listed.toString().contains(marker), () -> "Bob's chat revealed Alice's task: " + listed);
            api.chat(bob.token(), "mark '" + marker + "' as done", null);
            api.chat(bob.token(), "delete task " + id, null);
            api.chat(bob.token(), "mark task " + id + " as done", null);
        });
        ctx.check("MCP: Bob's tools/call cannot list, complete or delete Alice's task", () -> {
            HttpProbe.Reply list = api.mcp(bob.token(), "tools/call", Map.of("name", "list_tasks",
                    "arguments", Map.of("limit", 100)));
            expectJson(list, 200);
            expect(!list.body().contains(marker), () -> "MCP list_tasks leaked Alice's task\n"
                    + list.exchange().describe());
            api.mcp(bob.token(), "tools/call", Map.of("name", "complete_task", "arguments", Map.of("task_id", id)));
            api.mcp(bob.token(), "tools/call", Map.of("name", "update_task",
                    "arguments", Map.of("task_id", id, "title", "hijacked")));
            api.mcp(bob.token(), "tools/call", Map.of("name", "delete_task", "arguments", Map.of("task_id", id)));
        });
        ctx.check("Alice's task is unchanged after all of Bob's attempts", () -> {
            JsonNode now = expectJson(api.get(path, alice.token()), 200);
            expectEquals(task.path("title").asText(), now.path("title").asText(), "title");
            expectEquals(false, now.path("completed").asBoolean(true), "completed");
            expectEquals(task.path("updated_at").asText(), now.path("updated_at").asText(), "updated_at");
            JsonNode msgs = expectJson(api.get("/api/v1/conversations/" + aliceConversation + "/messages",
                    alice.token()), 200);
            expect(msgs.path("items").size() >= 2, () -> "Alice's conversation lost messages: " + msgs);
        });
        ctx.check("MCP: Alice's own tools/call sees her task (the probe itself works)", () -> {
            HttpProbe.Reply r = api.mcp(alice.token(), "tools/call", Map.of("name", "list_tasks",
                    "arguments", Map.of("limit", 100)));
            expect(r.body().toLowerCase(Locale.ROOT).contains(marker), () -> "Alice's MCP list_tasks misses her task\n"
                    + r.exchange().describe());
        });
    }
}
