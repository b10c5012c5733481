package dev.todoctl.app.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.app.chat.ChatTestApi.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat endpoints with the offline provider, against the real api; run on H2 and on PostgreSQL. */
abstract class ChatApiContract {
    protected abstract ChatTestApi api();

    @Nested
    @DisplayName("POST /api/v1/chat")
    class Chatting {
        @Test
        @DisplayName("adds a task through the add_task tool and reports the call")
        void addsTask() {
            String token = api().signup("adder");

            Response r = api().chat(token, null, "remind me to call mom tomorrow with high priority #family");

            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.body().get("conversation_id").asLong()).isPositive();
            assertThat(r.body().get("reply").asText()).contains("call mom");
            JsonNode call = r.body().get("tool_calls").get(0);
            assertThat(call.get("name").asText()).isEqualTo("add_task");
            assertThat(call.get("arguments").get("title").asText()).isEqualTo("call mom");
            assertThat(call.get("arguments").get("priority").asText()).isEqualTo("high");
            assertThat(call.get("result").isTextual()).isTrue();
            JsonNode tasks = api().get("/api/v1/tasks", token).body().get("items");
            assertThat(tasks).hasSize(1);
            assertThat(tasks.get(0).get("title").asText()).isEqualTo("call mom");
            assertThat(tasks.get(0).get("priority").asText()).isEqualTo("high");
            assertThat(tasks.get(0).get("tags").get(0).asText()).isEqualTo("family");
            assertThat(tasks.get(0).get("due_date").isNull()).isFalse();
        }

        @Test
        @DisplayName("continues a conversation: list, complete by title, delete by id")
        void fullConversation() {
            String token = api().signup("flow");
            long conv = api().chat(token, null, "add buy milk to my list").body().get("conversation_id").asLong();
            api().chat(token, conv, "add walk the dog #home");

            Response open = api().chat(token, conv, "what's still open?");
            assertThat(open.body().get("conversation_id").asLong()).isEqualTo(conv);
            assertThat(open.body().get("reply").asText()).contains("buy milk", "walk the dog");
            assertThat(open.body().get("tool_calls").get(0).get("name").asText()).isEqualTo("list_tasks");

            Response done = api().chat(token, conv, "mark 'buy milk' as done");
            assertThat(done.body().get("tool_calls").get(0).get("name").asText()).isEqualTo("complete_task");
            assertThat(done.body().get("reply").asText()).contains("buy milk");

            long dogId = taskId(token, "walk the dog");
            Response deleted = api().chat(token, conv, "delete task " + dogId);
            assertThat(deleted.body().get("reply").asText()).containsIgnoringCase("deleted");
            assertThat(titles(token)).containsExactly("buy milk");
            assertThat(api().get("/api/v1/tasks?status=completed", token).body().get("total").asInt()).isEqualTo(1);
        }

        @Test
        @DisplayName("asks which task when a title fragment is ambiguous, then acts on the answer")
        void ambiguity() {
            String token = api().signup("ambiguous");
            long conv = api().chat(token, null, "add buy milk").body().get("conversation_id").asLong();
            api().chat(token, conv, "add milk the cow");
            long cowId = taskId(token, "milk the cow");

            Response question = api().chat(token, conv, "complete the milk task");
            assertThat(question.body().get("reply").asText()).contains("Which one", "buy milk", "milk the cow");
            assertThat(api().get("/api/v1/tasks?status=completed", token).body().get("total").asInt()).isZero();

            Response answer = api().chat(token, conv, "#" + cowId);
            assertThat(answer.body().get("tool_calls").get(0).get("arguments").get("task_id").asLong()).isEqualTo(cowId);
            JsonNode completed = api().get("/api/v1/tasks?status=completed", token).body().get("items");
            assertThat(completed).hasSize(1);
            assertThat(completed.get(0).get("id").asLong()).isEqualTo(cowId);
        }

        @Test
        @DisplayName("a tool error becomes a helpful reply, not an error status")
        void toolErrorIsAReply() {
            String token = api().signup("missing");
            Response r = api().chat(token, null, "delete task 987654");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().get("reply").asText()).contains("not found");
        }

        @Test
        @DisplayName("small talk and gibberish get friendly answers without tools")
        void smallTalk() {
            String token = api().signup("talker");
            Response hello = api().chat(token, null, "hello");
            assertThat(hello.body().get("tool_calls")).isEmpty();
            assertThat(hello.body().get("reply").asText()).contains("add buy milk");
            Response what = api().chat(token, null, "blorp zzz");
            assertThat(what.status()).isEqualTo(200);
            assertThat(what.body().get("reply").asText()).contains("didn't understand", "what's still open");
        }

        @Test
        @DisplayName("tool calls are counted in /metrics")
        void metrics() {
            String token = api().signup("metered");
            api().chat(token, null, "add water plants");
            api().chat(token, null, "delete task 99999999");
            String metrics = api().get("/metrics", null).text();
            assertThat(metrics).containsPattern("todo_chat_tool_calls_total\\{[^}]*outcome=\"ok\"[^}]*tool=\"add_task\"");
            assertThat(metrics).containsPattern(
                    "todo_chat_tool_calls_total\\{[^}]*outcome=\"error\"[^}]*tool=\"delete_task\"");
        }
    }

    @Nested
    @DisplayName("validation and errors")
    class Validation {
        @Test
        @DisplayName("401 without a token")
        void unauthorized() {
            assertThat(api().chat(null, null, "hello").status()).isEqualTo(401);
            assertThat(api().get("/api/v1/conversations", null).status()).isEqualTo(401);
        }

        @Test
        @DisplayName("422 for a missing, blank, non-string or too long message, or a bad conversation_id")
        void unprocessable() {
            String token = api().signup("validator");
            assertThat(api().post("/api/v1/chat", token, Map.of()).status()).isEqualTo(422);
            assertThat(api().post("/api/v1/chat", token, Map.of("message", "   ")).status()).isEqualTo(422);
            assertThat(api().post("/api/v1/chat", token, Map.of("message", 42)).status()).isEqualTo(422);
            assertThat(api().post("/api/v1/chat", token, Map.of("message", "x".repeat(4001))).status()).isEqualTo(422);
            assertThat(api().post("/api/v1/chat", token, Map.of("message", "hi", "conversation_id", "abc")).status())
                    .isEqualTo(422);
            assertThat(api().post("/api/v1/chat", token, Map.of("message", "hi", "conversation_id", -1)).status())
                    .isEqualTo(422);
            // the api contract: a non-object top level is malformed JSON, 400
            assertThat(api().post("/api/v1/chat", token, List.of("hi")).status()).isEqualTo(400);
            Response r = api().post("/api/v1/chat", token, Map.of("message", ""));
            assertThat(r.body().get("error").get("code").asText()).isEqualTo("validation_failed");
        }

        @Test
        @DisplayName("400 for malformed JSON, 415 for a non-JSON body")
        void malformed() {
            String token = api().signup("malformed");
            assertThat(api().postRaw("/api/v1/chat", token, "application/json", "{\"message\":").status()).isEqualTo(400);
            assertThat(api().postRaw("/api/v1/chat", token, "text/plain", "hello").status()).isEqualTo(415);
        }

        @Test
        @DisplayName("404 for unknown or non-numeric conversation ids")
        void notFound() {
            String token = api().signup("finder");
            assertThat(api().chat(token, 999_999L, "hello").status()).isEqualTo(404);
            assertThat(api().get("/api/v1/conversations/999999/messages", token).status()).isEqualTo(404);
            assertThat(api().get("/api/v1/conversations/abc/messages", token).status()).isEqualTo(404);
            assertThat(api().delete("/api/v1/conversations/abc", token).status()).isEqualTo(404);
            assertThat(api().delete("/api/v1/conversations/0", token).status()).isEqualTo(404);
        }
    }

    @Nested
    @DisplayName("conversations")
    class Conversations {
        @Test
        @DisplayName("are listed with a title, show user/tool/assistant messages, and can be deleted")
        void lifecycle() {
            String token = api().signup("history");
            long conv = api().chat(token, null, "add buy bread").body().get("conversation_id").asLong();
            api().chat(token, conv, "show my tasks");

            JsonNode items = api().get("/api/v1/conversations", token).body().get("items");
            assertThat(items).hasSize(1);
            assertThat(items.get(0).get("id").asLong()).isEqualTo(conv);
            assertThat(items.get(0).get("title").asText()).isEqualTo("add buy bread");
            assertThat(items.get(0).has("created_at")).isTrue();
            assertThat(items.get(0).has("updated_at")).isTrue();

            JsonNode messages = api().get("/api/v1/conversations/" + conv + "/messages", token).body().get("items");
            List<String> roles = new ArrayList<>();
            messages.forEach(m -> roles.add(m.get("role").asText()));
            assertThat(roles).containsExactly("user", "tool", "assistant", "user", "tool", "assistant");
            assertThat(messages.get(0).get("content").asText()).isEqualTo("add buy bread");
            assertThat(messages.get(1).get("content").asText()).startsWith("add_task:").contains("buy bread");
            assertThat(messages.get(0).has("created_at")).isTrue();
            assertThat(messages.get(0).has("payload")).isFalse();

            assertThat(api().delete("/api/v1/conversations/" + conv, token).status()).isEqualTo(204);
            assertThat(api().get("/api/v1/conversations/" + conv + "/messages", token).status()).isEqualTo(404);
            assertThat(api().get("/api/v1/conversations", token).body().get("items")).isEmpty();
            assertThat(api().delete("/api/v1/conversations/" + conv, token).status()).isEqualTo(404);
        }
    }

    @Nested
    @DisplayName("isolation between users")
    class Isolation {
        @Test
        @DisplayName("another user's conversation is 404 everywhere, and the agent cannot touch their tasks")
        void foreignConversation() {
            String alice = api().signup("alice");
            String bob = api().signup("bob");
            long conv = api().chat(alice, null, "add secret plan").body().get("conversation_id").asLong();
            long taskId = taskId(alice, "secret plan");

            assertThat(api().get("/api/v1/conversations/" + conv + "/messages", bob).status()).isEqualTo(404);
            assertThat(api().delete("/api/v1/conversations/" + conv, bob).status()).isEqualTo(404);
            assertThat(api().chat(bob, conv, "what's still open?").status()).isEqualTo(404);
            assertThat(api().get("/api/v1/conversations", bob).body().get("items")).isEmpty();

            Response r = api().chat(bob, null, "delete task " + taskId);
            assertThat(r.body().get("reply").asText()).contains("not found");
            Response list = api().chat(bob, null, "show my tasks");
            assertThat(list.body().get("reply").asText()).doesNotContain("secret plan");
            assertThat(api().chat(bob, null, "complete the secret plan task").body().get("reply").asText())
                    .contains("No task matches");

            assertThat(titles(alice)).containsExactly("secret plan");
            assertThat(api().get("/api/v1/conversations/" + conv + "/messages", alice).status()).isEqualTo(200);
        }
    }

    long taskId(String token, String title) {
        for (JsonNode t : api().get("/api/v1/tasks?limit=100", token).body().get("items")) {
            if (t.get("title").asText().equals(title)) {
                return t.get("id").asLong();
            }
        }
        throw new AssertionError("no task " + title);
    }

    List<String> titles(String token) {
        List<String> out = new ArrayList<>();
        api().get("/api/v1/tasks?limit=100", token).body().get("items").forEach(t -> out.add(t.get("title").asText()));
        return out;
    }
}
