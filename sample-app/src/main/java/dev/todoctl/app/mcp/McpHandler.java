package dev.todoctl.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todoctl.app.auth.Authenticator;
import dev.todoctl.app.auth.Principal;
import dev.todoctl.app.chat.tools.ToolMetrics;
import dev.todoctl.app.chat.tools.ToolResult;
import dev.todoctl.app.http.ApiException;
import dev.todoctl.app.http.Json;
import dev.todoctl.app.tasks.TaskService;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /mcp}: the Model Context Protocol over streamable HTTP, JSON-RPC 2.0, for the same five task tools as the
 * chat agent, acting on the bearer token's user.
 * <p>
 * Hand-written on purpose: the official MCP Java SDK's server transports need a servlet container, and this api
 * runs on Helidon SE's own web server. The server is stateless (every POST carries the bearer token, so nothing is
 * kept between requests and any replica answers), replies with plain JSON rather than SSE, answers the client's
 * optional GET stream with 405, notifications with 202, and accepts DELETE at session end. It hands out an
 * {@code Mcp-Session-Id} on initialize for clients that expect one, but does not require it. The spec's Origin
 * check against DNS rebinding matters for servers trusting ambient credentials; this one trusts only an explicit
 * bearer token, which a rebinding page cannot obtain, and CORS is the api's usual filter.
 */
public final class McpHandler implements HttpService {
    static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    static final String SERVER_NAME = "todo-chatbot";
    private static final HeaderName PROTOCOL_VERSION = HeaderNames.create("MCP-Protocol-Version");
    private static final HeaderName SESSION_ID = HeaderNames.create("Mcp-Session-Id");

    // JSON-RPC 2.0 error codes
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;

    private final Authenticator auth;
    private final McpTools tools;

    public McpHandler(TaskService tasks, Authenticator auth, ToolMetrics metrics) {
        this.auth = auth;
        this.tools = new McpTools(tasks, metrics);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::post)
                .delete("/", this::delete)
                .any("/", this::notAllowed);
    }

    private void post(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        var version = req.headers().first(PROTOCOL_VERSION);
        if (version.isPresent() && !PROTOCOL_VERSIONS.contains(version.get())) {
            Json.send(res, Status.BAD_REQUEST_400, error(null, INVALID_REQUEST, "unsupported MCP-Protocol-Version "
                    + version.get() + "; supported: " + String.join(", ", PROTOCOL_VERSIONS)));
            return;
        }
        JsonNode body;
        try {
            body = Json.readBody(req, false);
        } catch (ApiException e) {
            if (e.status() == Status.BAD_REQUEST_400) {
                Json.send(res, Status.BAD_REQUEST_400, error(null, PARSE_ERROR, "parse error: " + e.getMessage()));
                return;
            }
            throw e;
        }
        if (body.isArray()) {
            ArrayNode responses = Json.MAPPER.createArrayNode();
            if (body.isEmpty()) {
                Json.send(res, Status.BAD_REQUEST_400, error(null, INVALID_REQUEST, "empty batch"));
                return;
            }
            for (JsonNode message : body) {
                JsonNode response = handle(message, principal);
                if (response != null) {
                    responses.add(response);
                }
            }
            reply(res, responses.isEmpty() ? null : responses);
            return;
        }
        JsonNode response = handle(body, principal);
        if (response != null && "initialize".equals(body.path("method").asText()) && response.has("result")) {
            res.header(SESSION_ID, UUID.randomUUID().toString());
        }
        reply(res, response);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        auth.require(req);
        res.status(Status.NO_CONTENT_204).send();
    }

    private void notAllowed(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.ALLOW, "POST, DELETE");
        Json.sendError(req, res, new ApiException(Status.METHOD_NOT_ALLOWED_405, "method_not_allowed",
                "this MCP endpoint offers no server-sent event stream; use POST", null));
    }

    private static void reply(ServerResponse res, JsonNode response) {
        if (response == null) {
            res.status(Status.ACCEPTED_202).send();
        } else {
            Json.send(res, Status.OK_200, response);
        }
    }

    /** One JSON-RPC message in; the response, or null for notifications and client responses. */
    JsonNode handle(JsonNode message, Principal principal) {
        if (!message.isObject()) {
            return error(null, INVALID_REQUEST, "a JSON-RPC message must be an object");
        }
        JsonNode id = message.get("id");
        JsonNode method = message.get("method");
        if (method == null && (message.has("result") || message.has("error"))) {
            return null;
        }
        boolean notification = id == null;
        if (!notification && !id.isTextual() && !id.isIntegralNumber()) {
            return error(null, INVALID_REQUEST, "id must be a string or an integer");
        }
        if (!"2.0".equals(message.path("jsonrpc").asText()) || method == null || !method.isTextual()) {
            return notification ? null : error(id, INVALID_REQUEST, "expected {jsonrpc:\"2.0\", method, id?}");
        }
        if (notification) {
            return null;
        }
        JsonNode params = message.path("params");
        return switch (method.asText()) {
            case "initialize" -> result(id, initialize(params));
            case "ping" -> result(id, Map.of());
            case "tools/list" -> result(id, Map.of("tools", tools.definitions()));
            case "tools/call" -> callTool(id, params, principal);
            default -> error(id, METHOD_NOT_FOUND, "method not found: " + method.asText());
        };
    }

    private static Map<String, Object> initialize(JsonNode params) {
        String requested = params.path("protocolVersion").asText("");
        String version = PROTOCOL_VERSIONS.contains(requested) ? requested : PROTOCOL_VERSIONS.getFirst();
        return Map.of(
                "protocolVersion", version,
                "capabilities", Map.of("tools", Map.of("listChanged", false)),
                "serverInfo", Map.of("name", SERVER_NAME, "version", version()),
                "instructions", "Tools to manage the authenticated user's todo list: add_task, list_tasks, "
                        + "complete_task, delete_task, update_task. Dates are YYYY-MM-DD.");
    }

    private JsonNode callTool(JsonNode id, JsonNode params, Principal principal) {
        if (!params.isObject()) {
            return error(id, INVALID_PARAMS, "params must be an object with name and arguments");
        }
        JsonNode name = params.get("name");
        if (name == null || !name.isTextual()) {
            return error(id, INVALID_PARAMS, "params.name must be a tool name");
        }
        if (!tools.exists(name.asText())) {
            return error(id, INVALID_PARAMS, "unknown tool: " + name.asText());
        }
        JsonNode arguments = params.get("arguments");
        if (arguments == null || arguments.isNull()) {
            arguments = Json.MAPPER.createObjectNode();
        } else if (!arguments.isObject()) {
            return error(id, INVALID_PARAMS, "params.arguments must be an object");
        }
        String text;
        try {
            text = tools.call(principal.userId(), name.asText(), arguments);
        } catch (IllegalArgumentException e) {
            return error(id, INVALID_PARAMS, e.getMessage());
        }
        JsonNode structured = ToolResult.parse(text);
        return result(id, Map.of(
                "content", List.of(Map.of("type", "text", "text", text)),
                "structuredContent", structured,
                "isError", !structured.path("ok").asBoolean(false)));
    }

    private static ObjectNode result(JsonNode id, Object result) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        node.set("id", id);
        node.set("result", Json.MAPPER.valueToTree(result));
        return node;
    }

    static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        node.set("id", id == null ? Json.MAPPER.nullNode() : id);
        node.putObject("error").put("code", code).put("message", message);
        return node;
    }

    private static String version() {
        String v = McpHandler.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
