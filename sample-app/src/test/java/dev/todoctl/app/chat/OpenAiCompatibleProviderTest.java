package dev.todoctl.app.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.todoctl.app.chat.ChatTestApi.Response;
import dev.todoctl.app.http.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OPENAI provider against a scripted OpenAI-compatible server (as Ollama, vLLM or LM Studio would be): the
 * agent sends the tool definitions, runs the tool the model asks for, and the next turn carries the whole
 * history — tool call ids included — rebuilt from the database.
 */
@DisplayName("OpenAI-compatible provider (scripted server)")
class OpenAiCompatibleProviderTest {
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private HttpServer llm;
    private volatile boolean failing;

    @BeforeEach
    void startFakeLlm() throws IOException {
        llm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        llm.createContext("/v1/chat/completions", this::complete);
        llm.start();
    }

    @AfterEach
    void stopFakeLlm() {
        llm.stop(0);
    }

    private void complete(HttpExchange exchange) throws IOException {
        JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
        requests.add(request);
        if (failing) {
            send(exchange, 500, "{\"error\":{\"message\":\"boom\"}}");
            return;
        }
        ArrayNode messages = (ArrayNode) request.get("messages");
        JsonNode last = messages.get(messages.size() - 1);
        ObjectNode message = Json.MAPPER.createObjectNode().put("role", "assistant");
        String finish;
        if (last.get("role").asText().equals("tool")) {
            message.put("content", "Done: " + Json.MAPPER.readTree(last.get("content").asText()).get("message").asText());
            finish = "stop";
        } else {
            String title = last.get("content").asText().replaceFirst("^add ", "");
            ObjectNode call = message.putNull("content").putArray("tool_calls").addObject()
                    .put("id", "call_" + requests.size()).put("type", "function");
            call.putObject("function").put("name", "add_task")
                    .put("arguments", Json.MAPPER.createObjectNode().put("title", title).toString());
            finish = "tool_calls";
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("id", "chatcmpl-" + requests.size())
                .put("object", "chat.completion").put("created", 1_700_000_000L).put("model", "test-model");
        body.putArray("choices").addObject().put("index", 0).put("finish_reason", finish).set("message", message);
        body.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5).put("total_tokens", 15);
        send(exchange, 200, body.toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Map<String, String> env() {
        return Map.of("CHAT_PROVIDER", "openai", "CHAT_BASE_URL", "http://127.0.0.1:" + llm.getAddress().getPort()
                + "/v1", "CHAT_MODEL", "test-model");
    }

    @Test
    @DisplayName("runs the requested tool and continues the conversation with the stored history")
    void toolRoundTrip(@TempDir Path dataDir) {
        try (ChatTestApi api = ChatTestApi.start(dataDir, env())) {
            String token = api.signup("llm");
            Response first = api.chat(token, null, "add buy milk");
            assertThat(first.status()).as(first.toString()).isEqualTo(200);
            assertThat(first.body().get("reply").asText())
                    .isEqualTo("Done: " + first.body().get("tool_calls").get(0).get("result").asText())
                    .contains("buy milk");
            assertThat(first.body().get("tool_calls").get(0).get("name").asText()).isEqualTo("add_task");

            JsonNode firstRequest = requests.getFirst();
            assertThat(firstRequest.get("model").asText()).isEqualTo("test-model");
            List<String> toolNames = new ArrayList<>();
            firstRequest.get("tools").forEach(t -> toolNames.add(t.get("function").get("name").asText()));
            assertThat(toolNames).containsExactlyInAnyOrder("add_task", "list_tasks", "complete_task",
                    "delete_task", "update_task");
            assertThat(firstRequest.get("messages").get(0).get("role").asText()).isEqualTo("system");

            long conv = first.body().get("conversation_id").asLong();
            api.restart();
            requests.clear();
            Response second = api.chat(token, conv, "add walk the dog");
            assertThat(second.status()).as(second.toString()).isEqualTo(200);
            List<String> roles = new ArrayList<>();
            requests.getFirst().get("messages").forEach(m -> roles.add(m.get("role").asText()));
            assertThat(roles).containsExactly("system", "user", "assistant", "tool", "assistant", "user");
            JsonNode history = requests.getFirst().get("messages");
            assertThat(history.get(3).get("tool_call_id").asText())
                    .isEqualTo(history.get(2).get("tool_calls").get(0).get("id").asText());
        }
    }

    @Test
    @DisplayName("a failing model is a 502 with the API's error body, and the conversation stays usable")
    void upstreamFailure(@TempDir Path dataDir) {
        try (ChatTestApi api = ChatTestApi.start(dataDir, env())) {
            String token = api.signup("llm-down");
            failing = true;
            Response r = api.chat(token, null, "add buy milk");
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.body().get("error").get("code").asText()).isEqualTo("upstream_error");
            assertThat(r.text()).doesNotContain("boom");
            failing = false;
            long conv = api.get("/api/v1/conversations", token).body().get("items").get(0).get("id").asLong();
            assertThat(api.chat(token, conv, "add buy milk").status()).isEqualTo(200);
        }
    }
}
