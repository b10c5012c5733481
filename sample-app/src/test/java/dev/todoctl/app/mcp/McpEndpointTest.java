package dev.todoctl.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.app.chat.ChatTestApi;
import dev.todoctl.app.chat.ChatTestApi.Response;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("MCP endpoint")
class McpEndpointTest {
    @TempDir
    static Path dataDir;
    static ChatTestApi api;

    @BeforeAll
    static void start() {
        api = ChatTestApi.start(dataDir);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static McpSyncClient client(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(api.base())
                .endpoint("/mcp")
                .httpRequestCustomizer((builder, method, uri, body, context) ->
                        builder.header("Authorization", "Bearer " + token))
                .build();
        return McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder("todo-test", "1.0").build())
                .requestTimeout(Duration.ofSeconds(20))
                .build();
    }

    private static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments) {
        return McpSchema.CallToolRequest.builder(tool).arguments(arguments).build();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    @Nested
    @DisplayName("with the official MCP Java SDK client")
    class SdkClient {
        @Test
        @DisplayName("initializes, lists the five tools with schemas, adds and lists tasks")
        void addAndList() {
            String token = api.signup("mcp");
            try (McpSyncClient client = client(token)) {
                McpSchema.InitializeResult init = client.initialize();
                assertThat(init.serverInfo().name()).isEqualTo("todo-chatbot");
                assertThat(init.capabilities().tools()).isNotNull();
                client.ping();

                List<McpSchema.Tool> tools = client.listTools().tools();
                assertThat(tools).extracting(McpSchema.Tool::name)
                        .containsExactly("add_task", "list_tasks", "complete_task", "delete_task", "update_task");
                McpSchema.Tool add = tools.getFirst();
                assertThat(add.description()).isNotBlank();
                Map<String, Object> schema = add.inputSchema();
                assertThat(schema).containsEntry("type", "object").containsEntry("required", List.of("title"));
                assertThat(((Map<?, ?>) schema.get("properties")).keySet()).map(String::valueOf).contains("title", "priority", "tags", "due_date");

                McpSchema.CallToolResult added = client.callTool(call("add_task",
                        Map.of("title", "from mcp", "priority", "high", "tags", List.of("agent"),
                                "due_date", "2026-12-01")));
                assertThat(added.isError()).isFalse();
                assertThat(text(added)).contains("from mcp");

                McpSchema.CallToolResult listed = client.callTool(call("list_tasks",
                        Map.of("status", "pending")));
                assertThat(listed.isError()).isFalse();
                assertThat(text(listed)).contains("from mcp", "\"priority\":\"high\"", "2026-12-01");
            }
            JsonNode items = api.get("/api/v1/tasks", token).body().get("items");
            assertThat(items).hasSize(1);
            assertThat(items.get(0).get("title").asText()).isEqualTo("from mcp");
        }

        @Test
        @DisplayName("tool failures are results with isError, not protocol errors")
        void toolErrors() {
            String token = api.signup("mcp-errors");
            try (McpSyncClient client = client(token)) {
                client.initialize();
                McpSchema.CallToolResult missing = client.callTool(call("complete_task",
                        Map.of("task_id", 987654)));
                assertThat(missing.isError()).isTrue();
                assertThat(text(missing)).contains("not_found");
                McpSchema.CallToolResult invalid = client.callTool(call("add_task",
                        Map.of("title", "x", "priority", "extreme")));
                assertThat(invalid.isError()).isTrue();
                assertThat(text(invalid)).containsIgnoringCase("priority");
            }
        }

        @Test
        @DisplayName("one user's MCP tools cannot see or change another user's tasks")
        void isolation() {
            String alice = api.signup("mcp-alice");
            String bob = api.signup("mcp-bob");
            long taskId = api.post("/api/v1/tasks", alice, Map.of("title", "alice only")).body().get("id").asLong();
            try (McpSyncClient client = client(bob)) {
                client.initialize();
                for (String tool : List.of("complete_task", "delete_task", "update_task")) {
                    McpSchema.CallToolResult r = client.callTool(call(tool,
                            Map.of("task_id", taskId, "title", "hacked")));
                    assertThat(r.isError()).as(tool).isTrue();
                }
                McpSchema.CallToolResult byTitle = client.callTool(call("delete_task",
                        Map.of("title_contains", "alice")));
                assertThat(byTitle.isError()).isTrue();
                assertThat(text(client.callTool(call("list_tasks", Map.of()))))
                        .doesNotContain("alice only");
            }
            JsonNode task = api.get("/api/v1/tasks/" + taskId, alice).body();
            assertThat(task.get("title").asText()).isEqualTo("alice only");
            assertThat(task.get("completed").asBoolean()).isFalse();
        }
    }

    @Nested
    @DisplayName("raw JSON-RPC over HTTP")
    class Raw {
        @Test
        @DisplayName("401 without a bearer token")
        void unauthorized() {
            Response r = api.post("/mcp", null, Map.of("jsonrpc", "2.0", "id", 1, "method", "ping"));
            assertThat(r.status()).isEqualTo(401);
        }

        @Test
        @DisplayName("GET is 405, DELETE is 204, notifications are 202")
        void transport() {
            String token = api.signup("mcp-raw");
            assertThat(api.get("/mcp", token).status()).isEqualTo(405);
            assertThat(api.delete("/mcp", token).status()).isEqualTo(204);
            Response n = api.post("/mcp", token, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
            assertThat(n.status()).isEqualTo(202);
        }

        @Test
        @DisplayName("initialize negotiates the version and hands out a session id")
        void initialize() {
            String token = api.signup("mcp-init");
            Response r = api.post("/mcp", token, Map.of("jsonrpc", "2.0", "id", "a", "method", "initialize",
                    "params", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                            "clientInfo", Map.of("name", "raw", "version", "0"))));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().get("id").asText()).isEqualTo("a");
            assertThat(r.body().get("result").get("protocolVersion").asText()).isEqualTo("2025-06-18");
            assertThat(r.headers().firstValue("Mcp-Session-Id")).isPresent();
        }

        @Test
        @DisplayName("JSON-RPC errors for unknown methods, bad params and unknown tools; never a 5xx")
        void errors() {
            String token = api.signup("mcp-err");
            JsonNode unknown = api.post("/mcp", token, Map.of("jsonrpc", "2.0", "id", 1, "method", "nope")).body();
            assertThat(unknown.get("error").get("code").asInt()).isEqualTo(-32601);
            JsonNode noTool = api.post("/mcp", token, Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/call",
                    "params", Map.of("name", "format_disk", "arguments", Map.of()))).body();
            assertThat(noTool.get("error").get("code").asInt()).isEqualTo(-32602);
            JsonNode badArgs = api.post("/mcp", token, Map.of("jsonrpc", "2.0", "id", 3, "method", "tools/call",
                    "params", Map.of("name", "complete_task", "arguments", Map.of("task_id", "not a number")))).body();
            assertThat(badArgs.get("error").get("code").asInt()).isEqualTo(-32602);
            JsonNode notObject = api.post("/mcp", token, Map.of("jsonrpc", "2.0", "id", 4, "method", "tools/call",
                    "params", Map.of("name", "list_tasks", "arguments", List.of(1)))).body();
            assertThat(notObject.get("error").get("code").asInt()).isEqualTo(-32602);
            JsonNode invalid = api.post("/mcp", token, Map.of("id", 5, "method", "ping")).body();
            assertThat(invalid.get("error").get("code").asInt()).isEqualTo(-32600);
            Response parse = api.postRaw("/mcp", token, "application/json", "{\"jsonrpc\":");
            assertThat(parse.status()).isEqualTo(400);
            assertThat(parse.body().get("error").get("code").asInt()).isEqualTo(-32700);
            Response batch = api.post("/mcp", token, List.of(Map.of("jsonrpc", "2.0", "id", 1, "method", "ping"),
                    Map.of("jsonrpc", "2.0", "method", "notifications/initialized")));
            assertThat(batch.status()).isEqualTo(200);
            assertThat(batch.body()).hasSize(1);
        }
    }
}
