package dev.todoctl.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.todoctl.app.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Errors the web service produces itself, in the API's shape {@code {error:{code, message, details?}}}. */
final class GatewayError {
    private GatewayError() {
    }

    static void send(ServerResponse res, Status status, String code, String message, Map<String, Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (details != null && !details.isEmpty()) {
            error.put("details", details);
        }
        sendJson(res, status, Map.of("error", error));
    }

    static void sendJson(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(bytes);
    }
}
