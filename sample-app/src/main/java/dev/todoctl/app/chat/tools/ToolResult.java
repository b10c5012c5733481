package dev.todoctl.app.chat.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todoctl.app.http.Json;

import java.util.Map;

/**
 * What a tool hands back to the model (and to MCP clients): a JSON object {@code {ok, message, ...data}} where
 * {@code message} is a one-line human summary and failures carry a stable {@code error} code
 * ({@code not_found}, {@code ambiguous}, {@code invalid_arguments}, {@code validation_failed}, {@code unknown_tool},
 * {@code internal_error}).
 */
public record ToolResult(boolean ok, String error, String message, Map<String, Object> data) {

    public static ToolResult ok(String message, Map<String, Object> data) {
        return new ToolResult(true, null, message, data);
    }

    public static ToolResult failed(String error, String message, Map<String, Object> data) {
        return new ToolResult(false, error, message, data);
    }

    public static ToolResult failed(String error, String message) {
        return failed(error, message, Map.of());
    }

    public ObjectNode toJsonNode() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("ok", ok);
        if (error != null) {
            node.put("error", error);
        }
        node.put("message", message);
        if (data != null) {
            data.forEach((k, v) -> node.set(k, Json.MAPPER.valueToTree(v)));
        }
        return node;
    }

    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(toJsonNode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a tool's result text back; text that is not one of ours becomes {@code {ok:true, message:text}}. */
    public static JsonNode parse(String text) {
        if (text != null && text.startsWith("{")) {
            try {
                JsonNode node = Json.MAPPER.readTree(text);
                if (node != null && node.isObject() && node.has("message")) {
                    return node;
                }
            } catch (JsonProcessingException e) {
                // not ours: fall through
            }
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("ok", true);
        node.put("message", text == null ? "" : text);
        return node;
    }
}
