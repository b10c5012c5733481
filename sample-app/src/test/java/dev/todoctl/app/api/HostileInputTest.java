package dev.todoctl.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.app.support.RawHttp;
import dev.todoctl.app.support.RawHttp.Answer;
import dev.todoctl.app.support.TestApi;
import dev.todoctl.app.web.WebConfig;
import dev.todoctl.app.web.WebServerApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile inputs of issue #14, one named case each: every one a client mistake, so a 4xx with the error body
 * whose code the api contract pairs with the status, never a 5xx. The property-based sweep is {@code fuzz.ApiFuzzTest}.
 */
@DisplayName("hostile input gets a 4xx with the error body, never a 5xx")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOGIN_BODY_TEMPLATE = "{\"email\":\"%s\",\"password\":\"password123\"}";

    @TempDir
    static Path data;
    private TestApi api;
    private RawHttp http;
    private String token;
    private String email;
    private long taskId;

    @BeforeAll
    void start() throws IOException {
        api = TestApi.h2(data, Map.of());
        http = new RawHttp("127.0.0.1", api.server().port(), 10_000);
        email = "hostile-" + System.nanoTime() + "@example.com";
        token = api.signup(email, "password123").json().get("token").asText();
        taskId = api.post("/api/v1/tasks", token, Map.of("title", "mine")).json().get("id").asLong();
    }

    @AfterAll
    void stop() {
        http.close();
        api.close();
    }

    private Answer send(String method, String target, String contentType, String body) throws IOException {
        List<String> headers = new ArrayList<>();
        headers.add("Authorization: Bearer " + token);
        if (contentType != null) {
            headers.add("Content-Type: " + contentType);
        }
        return http.send(method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(Answer a, int status, String code) throws IOException {
        assertThat(a.status()).as(a.status() + " " + a.text()).isEqualTo(status);
        JsonNode body = JSON.readTree(a.body());
        assertThat(body.path("error").path("code").asText()).as(a.text()).isEqualTo(code);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
    }

    /** Every endpoint that takes a JSON body, with a body it would otherwise accept. */
    Stream<String[]> bodyEndpoints() {
        return Stream.of(
                new String[] {"POST", "/api/v1/auth/signup", "{\"email\":\"x@example.com\",\"password\":\"password123\"}"},
                new String[] {"POST", "/api/v1/auth/login", LOGIN_BODY_TEMPLATE.formatted("x@example.com")},
                new String[] {"POST", "/api/v1/tasks", "{\"title\":\"t\"}"},
                new String[] {"PUT", "/api/v1/tasks/" + Long.MAX_VALUE, "{\"title\":\"t\"}"},
                new String[] {"PATCH", "/api/v1/tasks/" + Long.MAX_VALUE, "{\"title\":\"t\"}"},
                new String[] {"POST", "/api/v1/tasks/" + Long.MAX_VALUE + "/complete", "{\"completed\":true}"},
                new String[] {"POST", "/api/v1/chat", "{\"message\":\"hello\"}"},
                new String[] {"POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"});
    }

    @Nested
    @DisplayName("content type of a request with a body")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ContentTypes {
        Stream<String[]> bodyEndpoints() {
            return HostileInputTest.this.bodyEndpoints();
        }

        @ParameterizedTest(name = "{0} {1}: missing")
        @MethodSource("bodyEndpoints")
        void missing(String method, String path, String body) throws IOException {
            assertError(send(method, path, null, body), 415, "unsupported_media_type");
        }

        @ParameterizedTest(name = "{0} {1}: empty")
        @MethodSource("bodyEndpoints")
        void empty(String method, String path, String body) throws IOException {
            assertError(send(method, path, "", body), 415, "unsupported_media_type");
        }

        @ParameterizedTest(name = "{0} {1}: unparsable")
        @MethodSource("bodyEndpoints")
        void unparsable(String method, String path, String body) throws IOException {
            for (String type : List.of("json", "application/", "/json", ";", "application/json;;charset",
                    "application/json; charset", "a b/c", "\u00e9/json")) {
                assertError(send(method, path, type, body), 415, "unsupported_media_type");
            }
        }

        @ParameterizedTest(name = "{0} {1}: not JSON")
        @MethodSource("bodyEndpoints")
        void notJson(String method, String path, String body) throws IOException {
            assertError(send(method, path, "text/plain", body), 415, "unsupported_media_type");
        }
    }

    @Nested
    @DisplayName("malformed JSON bodies are 400 bad_request")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Malformed {
        Stream<String[]> bodyEndpoints() {
            return HostileInputTest.this.bodyEndpoints().filter(e -> !e[1].equals("/mcp"));
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("bodyEndpoints")
        void malformed(String method, String path, String valid) throws IOException {
            String deep = "{\"title\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
            for (String body : List.of("true", "null", "42", "\"s\"", "[]", "[" + valid + "]", "{'title':'x'}",
                    "{\"title\":\"x\",}", valid + " trailing", valid + valid, valid + " {}", "{\"title\":\"a\"",
                    "{\"title\":\"a\",\"title\":\"b\"}", deep, "{\"a\":{\"a\":{\"a\":" + "{\"a\":".repeat(100)
                            + "1" + "}".repeat(103))) {
                assertError(send(method, path, "application/json", body), 400, "bad_request");
            }
        }

        @Test
        @DisplayName("login with trailing content after a valid object is refused, not logged in")
        void loginTrailing() throws IOException {
            Answer a = send("POST", "/api/v1/auth/login", "application/json",
                    LOGIN_BODY_TEMPLATE.formatted(email) + " trailing");
            assertError(a, 400, "bad_request");
        }

        @Test
        @DisplayName("the long fuzz run's case: an 0xFF byte in a field name of a complete body is 400")
        void longRunCase() throws IOException {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.writeBytes(new byte[] {'{', '"', (byte) 0xFF});
            body.writeBytes("id\":[101,null,\"\u202Eevil\u202C\"]}".getBytes(StandardCharsets.UTF_8));
            Answer a = http.send("POST", "/api/v1/tasks/" + taskId + "/complete",
                    List.of("Authorization: Bearer " + token, "Content-Type: application/json"), body.toByteArray());
            assertError(a, 400, "bad_request");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"in a value: C3 28", "in a field name: FF", "in a field name: C0 80 (overlong NUL)",
                "in a value: ED A0 80 (an encoded surrogate)", "in a field name: F8 88 80 80 (5-byte form)"})
        @DisplayName("invalid UTF-8 is 400")
        void invalidUtf8(String where) throws IOException {
            String[] hex = where.replaceAll(".*: ([0-9A-F ]+).*", "$1").split(" ");
            byte[] bad = new byte[hex.length];
            for (int i = 0; i < hex.length; i++) {
                bad[i] = (byte) Integer.parseInt(hex[i], 16);
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            if (where.contains("field name")) {
                body.writeBytes("{\"".getBytes(StandardCharsets.UTF_8));
                body.writeBytes(bad);
                body.writeBytes("id\":1,\"title\":\"t\"}".getBytes(StandardCharsets.UTF_8));
            } else {
                body.writeBytes("{\"title\":\"".getBytes(StandardCharsets.UTF_8));
                body.writeBytes(bad);
                body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
            }
            Answer a = http.send("POST", "/api/v1/tasks",
                    List.of("Authorization: Bearer " + token, "Content-Type: application/json"), body.toByteArray());
            assertError(a, 400, "bad_request");
        }
    }

    @Nested
    @DisplayName("ids out of range")
    class Ids {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/api/v1/tasks/2147483648", "/api/v1/tasks/9223372036854775807",
                "/api/v1/tasks/9223372036854775808", "/api/v1/tasks/-1", "/api/v1/tasks/0",
                "/api/v1/tasks/-9223372036854775809", "/api/v1/tasks/1e3", "/api/v1/tasks/0x10",
                "/api/v1/tasks/99999999999999999999999999", "/api/v1/tasks/%00",
                "/api/v1/conversations/9223372036854775807/messages", "/api/v1/conversations/-1/messages"})
        void pathIdsAre404(String path) throws IOException {
            assertError(send("GET", path, null, null), 404, "not_found");
            assertError(send("DELETE", path.replace("/messages", ""), null, null), 404, "not_found");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"+%d", "%%2B%d", "%%EF%%BC%%9%d", "%%D9%%A%d", "%%DB%%B%d"})
        @DisplayName("another spelling of an existing id (sign, non-ASCII digits) names nothing")
        void otherSpellingsAre404(String template) throws IOException {
            // the class's own database: its first task has a one-digit id, which these spellings need
            assertThat(taskId).isBetween(1L, 9L);
            assertThat(send("GET", "/api/v1/tasks/" + taskId, null, null).status()).isEqualTo(200);
            assertError(send("GET", "/api/v1/tasks/" + template.formatted(taskId), null, null), 404, "not_found");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"2147483648", "9223372036854775807", "-1", "0"})
        void writesOnPathIdsAre404(String id) throws IOException {
            assertError(send("POST", "/api/v1/tasks/" + id + "/complete", null, null), 404, "not_found");
            assertError(send("PUT", "/api/v1/tasks/" + id, "application/json", "{\"title\":\"t\"}"), 404, "not_found");
            assertError(send("PATCH", "/api/v1/tasks/" + id, "application/json", "{\"title\":\"t\"}"), 404,
                    "not_found");
        }

        @ParameterizedTest(name = "conversation_id {0}")
        @ValueSource(strings = {"-1", "0", "-9223372036854775809", "9223372036854775808", "1.5", "1e400",
                "\"12\"", "true", "[]", "{}", "-99999999999999999999999999999"})
        void bodyIdsAre422(String id) throws IOException {
            Answer a = send("POST", "/api/v1/chat", "application/json",
                    "{\"message\":\"list my tasks\",\"conversation_id\":" + id + "}");
            assertError(a, 422, "validation_failed");
        }

        @Test
        @DisplayName("an unknown conversation id in the body is 404")
        void unknownConversation() throws IOException {
            Answer a = send("POST", "/api/v1/chat", "application/json",
                    "{\"message\":\"list my tasks\",\"conversation_id\":9223372036854775807}");
            assertError(a, 404, "not_found");
        }
    }

    @Nested
    @DisplayName("sizes")
    class Sizes {
        @Test
        @DisplayName("413 carries the error body")
        void payloadTooLarge() throws IOException {
            String body = "{\"title\":\"" + "x".repeat(300 * 1024) + "\"}";
            assertError(send("POST", "/api/v1/tasks", "application/json", body), 413, "payload_too_large");
        }

        @Test
        @DisplayName("413 for a declared length beyond the server's limit carries the error body")
        void declaredTooLarge() throws IOException {
            Answer a = http.send("POST", "/api/v1/tasks", List.of("Authorization: Bearer " + token,
                    "Content-Type: application/json", "Content-Length: 10000000"), new byte[0]);
            assertError(a, 413, "payload_too_large");
        }

        @Test
        @DisplayName("414 uri_too_long carries the error body")
        void uriTooLong() throws IOException {
            assertError(send("GET", "/api/v1/tasks?q=" + "a".repeat(9 * 1024), null, null), 414, "uri_too_long");
            assertError(send("GET", "/api/v1/tasks/" + "1".repeat(20 * 1024), null, null), 414, "uri_too_long");
            String target = "/api/v1/tasks?q=";
            assertError(send("GET", target + "a".repeat(8 * 1024 - target.length() + 1), null, null), 414,
                    "uri_too_long");
        }

        @Test
        @DisplayName("a request target of exactly 8 KiB is served (Helidon's own limit is 4 KiB)")
        void eightKiBTargetServed() throws IOException {
            String target = "/api/v1/tasks?q=";
            Answer a = send("GET", target + "a".repeat(8 * 1024 - target.length()), null, null);
            assertThat(a.status()).as(a.text()).isEqualTo(200);
        }

        @Test
        @DisplayName("oversized headers get a 4xx with the error body")
        void headersTooLarge() throws IOException {
            Answer a = http.send("GET", "/api/v1/tasks", List.of("Authorization: Bearer " + token,
                    "X-Filler: " + "f".repeat(20 * 1024)), null);
            assertThat(a.status()).as(a.text()).isBetween(400, 499);
            assertThat(JSON.readTree(a.body()).path("error").path("code").asText()).isEqualTo("bad_request");
        }
    }

    @Nested
    @DisplayName("HEAD answers carry no body, so a kept-alive connection stays in step")
    class Head {
        @ParameterizedTest(name = "HEAD {0}")
        @ValueSource(strings = {"/api/v1/tasks", "/api/v1/tasks/1", "/mcp", "/nowhere",
                "/api/v1/tasks?q=", "/api/v1/tasks/9223372036854775808"})
        void headThenGet(String target) throws IOException {
            String full = target.endsWith("q=") ? target + "a".repeat(9 * 1024) : target;
            Answer head = send("HEAD", full, null, null);
            assertThat(head.status()).isBetween(400, 499);
            Answer next = send("GET", "/api/v1/tasks", null, null);
            assertThat(next.status()).as(next.text()).isEqualTo(200);
            assertThat(JSON.readTree(next.body()).has("items")).isTrue();
        }
    }

    @Nested
    @DisplayName("through the web's /api proxy")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ThroughTheWeb {
        private WebServerApp web;
        private RawHttp webHttp;

        @BeforeAll
        void startWeb() {
            web = WebServerApp.start(WebConfig.of("127.0.0.1", 0, api.baseUrl()));
            webHttp = new RawHttp("127.0.0.1", web.port(), 10_000);
        }

        @AfterAll
        void stopWeb() {
            webHttp.close();
            web.close();
        }

        private Answer viaWeb(String method, String target, String contentType, String body) throws IOException {
            List<String> headers = new ArrayList<>(List.of("Authorization: Bearer " + token));
            if (contentType != null) {
                headers.add("Content-Type: " + contentType);
            }
            return webHttp.send(method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        }

        @Test
        @DisplayName("garbled, empty and missing content types reach the api and come back 415")
        void contentTypes() throws IOException {
            for (String type : List.of("json", "", "a b/c", "application/json;;charset")) {
                assertError(viaWeb("POST", "/api/v1/tasks", type, "{\"title\":\"t\"}"), 415,
                        "unsupported_media_type");
            }
            assertError(viaWeb("POST", "/api/v1/tasks", null, "{\"title\":\"t\"}"), 415, "unsupported_media_type");
        }

        @Test
        @DisplayName("414 and 413 produced by the web itself carry the error body")
        void sizes() throws IOException {
            assertError(viaWeb("GET", "/api/v1/tasks?q=" + "a".repeat(9 * 1024), null, null), 414, "uri_too_long");
            Answer big = webHttp.send("POST", "/api/v1/tasks", List.of("Content-Type: application/json",
                    "Content-Length: 100000000"), new byte[0]);
            assertError(big, 413, "payload_too_large");
        }

        @Test
        @DisplayName("ids out of range are 404 through the proxy too")
        void ids() throws IOException {
            assertError(viaWeb("GET", "/api/v1/tasks/9223372036854775808", null, null), 404, "not_found");
            assertError(viaWeb("POST", "/api/v1/tasks/2147483648/complete", null, null), 404, "not_found");
        }
    }

    @Nested
    @DisplayName("MCP tool arguments are checked against the declared inputSchema")
    class McpArguments {
        private JsonNode call(String tool, String arguments) throws IOException {
            Answer a = send("POST", "/mcp", "application/json", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                    + "\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}");
            assertThat(a.status()).as(a.text()).isEqualTo(200);
            return JSON.readTree(a.body());
        }

        private static void assertRefused(JsonNode response) {
            boolean toolError = response.path("result").path("isError").asBoolean(false);
            boolean invalidParams = response.path("error").path("code").asInt() == -32602;
            assertThat(toolError || invalidParams).as(response.toString()).isTrue();
        }

        private String title() {
            return api.get("/api/v1/tasks/" + taskId, token).json().get("title").asText();
        }

        private int total() {
            return api.get("/api/v1/tasks", token).json().get("total").asInt();
        }

        @ParameterizedTest(name = "add_task {0}")
        @ValueSource(strings = {"{\"title\":12345}", "{\"title\":{\"text\":\"x\"}}", "{\"title\":[\"x\"]}",
                "{\"title\":true}", "{\"title\":\"x\",\"tags\":\"work\"}", "{\"title\":\"x\",\"tags\":[1,2]}",
                "{\"title\":\"x\",\"priority\":3}", "{\"title\":\"x\",\"due_date\":20260101}", "{}",
                "{\"title\":null}"})
        void addTaskWrongTypes(String arguments) throws IOException {
            int before = total();
            assertRefused(call("add_task", arguments));
            assertThat(total()).isEqualTo(before);
        }

        @ParameterizedTest(name = "update_task {0}")
        @ValueSource(strings = {"{\"task_id\":%d,\"title\":{\"text\":\"x\"}}", "{\"task_id\":%d,\"title\":5}",
                "{\"task_id\":\"%d\",\"title\":\"y\"}", "{\"task_id\":%d.5,\"title\":\"y\"}",
                "{\"task_id\":%d,\"completed\":\"yes\"}", "{\"task_id\":%d,\"tags\":{}}",
                "{\"task_id\":%d,\"title\":\"  \",\"priority\":\"low\"}"})
        void updateTaskWrongTypes(String template) throws IOException {
            String before = title();
            assertRefused(call("update_task", template.formatted(taskId)));
            assertThat(title()).isEqualTo(before);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"complete_task|{\"task_id\":9223372036854775808}",
                "complete_task|{\"task_id\":-1}", "delete_task|{\"task_id\":1e400}",
                "list_tasks|{\"limit\":\"5\"}", "list_tasks|{\"limit\":2147483648}", "list_tasks|{\"status\":1}",
                "complete_task|{\"completed\":\"false\",\"task_id\":1}"})
        void otherToolsWrongTypes(String toolAndArguments) throws IOException {
            String[] parts = toolAndArguments.split("\\|", 2);
            assertRefused(call(parts[0], parts[1]));
        }
    }
}
