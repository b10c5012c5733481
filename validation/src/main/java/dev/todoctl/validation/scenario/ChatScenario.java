package dev.todoctl.validation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.http.TodoClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.todoctl.validation.scenario.ScenarioContext.expect;
import static dev.todoctl.validation.scenario.ScenarioContext.expectEquals;
import static dev.todoctl.validation.scenario.ScenarioContext.expectError;
import static dev.todoctl.validation.scenario.ScenarioContext.expectJson;

/**
 * 4: the chat agent acts on the caller's tasks: small talk, add (seen through REST), list, complete and delete by
 * chat (seen through REST), and the conversation's history readable afterwards. Phrased for the offline intent
 * model (the default); a language model understands them too.
 */
final class ChatScenario implements Scenario {
    private static final Set<String> ROLES = Set.of("user", "assistant", "tool");

    @Override
    public String id() {
        return "chat";
    }

    @Override
    public String title() {
        return "e2e 4: chat";
    }

    @Override
    public void run(ScenarioContext ctx) {
        TodoClient api = ctx.api();
        TodoClient.User u = ctx.user("chat");
        long[] conversation = new long[1];
        List<String> sent = new ArrayList<>();
        boolean hello = ctx.check("\"hello\" gets a reply and a conversation id", () -> {
            JsonNode r = say(ctx, u, "hello", null, sent);
            conversation[0] = r.path("conversation_id").asLong();
            expect(conversation[0] > 0, () -> "no conversation_id: " + r);
            expect(!r.path("reply").asText("").isBlank(), () -> "empty reply: " + r);
            expect(r.path("tool_calls").isArray(), () -> "tool_calls must be an array: " + r);
        });
        if (!hello) {
            return;
        }
        long[] milk = new long[1];
        ctx.check("\"add a task to buy milk\" calls add_task and the task appears via REST", () -> {
            JsonNode r = say(ctx, u, "add a task to buy milk", conversation[0], sent);
            expect(toolNames(r).contains("add_task"), () -> "add_task was not called: " + r);
            JsonNode list = expectJson(api.get("/api/v1/tasks?q=milk", u.token()), 200);
            expect(list.path("total").asInt() == 1, () -> "expected exactly one task matching 'milk' via REST, got "
                    + list);
            JsonNode t = list.path("items").get(0);
            expect(t.path("title").asText().toLowerCase(Locale.ROOT).contains("buy milk"),
                    () -> "task title is not about buying milk: " + t);
            expectEquals(false, t.path("completed").asBoolean(true), "new task completed");
            milk[0] = t.path("id").asLong();
        });
        ctx.check("\"what's still open?\" lists the open task", () -> {
            JsonNode r = say(ctx, u, "what's still open?", conversation[0], sent);
            expect(toolNames(r).contains("list_tasks"), () -> "list_tasks was not called: " + r);
            expect(r.path("reply").asText().toLowerCase(Locale.ROOT).contains("milk"),
                    () -> "the reply does not mention the open task 'buy milk': " + r.path("reply"));
        });
        ctx.check("\"mark 'buy milk' as done\" completes it (seen via REST)", () -> {
            JsonNode r = say(ctx, u, "mark 'buy milk' as done", conversation[0], sent);
            expect(toolNames(r).contains("complete_task"), () -> "complete_task was not called: " + r);
            JsonNode t = expectJson(api.get("/api/v1/tasks/" + milk[0], u.token()), 200);
            expectEquals(true, t.path("completed").asBoolean(), "completed via REST after chat");
        });
        ctx.check("\"delete task <id>\" deletes it (404 via REST)", () -> {
            JsonNode r = say(ctx, u, "delete task " + milk[0], conversation[0], sent);
            expect(toolNames(r).contains("delete_task"), () -> "delete_task was not called: " + r);
            expectError(api.get("/api/v1/tasks/" + milk[0], u.token()), 404, "not_found");
        });
        ctx.check("conversation is listed and its history is readable in order", () -> {
            JsonNode list = expectJson(api.get("/api/v1/conversations", u.token()), 200);
            boolean listed = false;
            for (JsonNode c : list.path("items")) {
                listed |= c.path("id").asLong() == conversation[0];
            }
            boolean found = listed;
            expect(found, () -> "conversation " + conversation[0] + " not in " + list);
            JsonNode msgs = expectJson(api.get("/api/v1/conversations/" + conversation[0] + "/messages", u.token()), 200);
            List<String> userMessages = new ArrayList<>();
            for (JsonNode m : msgs.path("items")) {
                expect(ROLES.contains(m.path("role").asText()), () -> "unknown role in " + m);
                if (m.path("role").asText().equals("user")) {
                    userMessages.add(m.path("content").asText());
                }
            }
            expectEquals(sent, userMessages, "user messages in the history");
            expect(msgs.path("items").size() >= 2 * sent.size(),
                    () -> "expected a reply for every message, history has " + msgs.path("items").size() + " items");
        });
    }

    private static JsonNode say(ScenarioContext ctx, TodoClient.User u, String message, Long conversation,
                                List<String> sent) {
        JsonNode r = expectJson(ctx.api().chat(u.token(), message, conversation), 200);
        sent.add(message);
        if (conversation != null) {
            expectEquals(conversation, r.path("conversation_id").asLong(), "conversation_id kept");
        }
        return r;
    }

    static List<String> toolNames(JsonNode chatReply) {
        List<String> names = new ArrayList<>();
        chatReply.path("tool_calls").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }
}
