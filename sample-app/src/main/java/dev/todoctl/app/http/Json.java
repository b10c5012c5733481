package dev.todoctl.app.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON in and out for every handler: one mapper (snake_case, ISO dates), bounded body reading with the
 * API's 400/413/415 rules, and the error body shape.
 */
public final class Json {
    /** A body over 64 KiB is answered with 413 (the contract's limit). */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Json() {
    }

    /**
     * Reads the request body as a JSON tree. Missing body → {@code null} when {@code optional}, else 400.
     * Non-JSON content type → 415, over {@link #MAX_BODY_BYTES} → 413, unparsable → 400.
     */
    public static JsonNode readBody(ServerRequest req, boolean optional) {
        byte[] bytes = readBytes(req);
        if (bytes.length == 0) {
            if (optional) {
                return null;
            }
            throw ApiException.badRequest("request body is required");
        }
        var contentType = req.headers().contentType();
        if (contentType.isEmpty()) {
            throw ApiException.unsupportedMediaType(null);
        }
        var mt = contentType.get().mediaType();
        if (!mt.subtype().equals("json") && !mt.subtype().endsWith("+json")) {
            throw ApiException.unsupportedMediaType(mt.text());
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("request body is not valid JSON");
            }
            if (containsNul(node)) {
                // PostgreSQL text cannot hold U+0000; refusing it here keeps both databases identical.
                throw ApiException.validation("strings must not contain the NUL character (\\u0000)",
                        Map.of("problem", "nul_character"));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("request body could not be read");
        }
    }

    private static boolean containsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0;
        }
        if (node.isObject()) {
            for (var it = node.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().indexOf('\0') >= 0 || containsNul(e.getValue())) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode child : node) {
            if (containsNul(child)) {
                return true;
            }
        }
        return false;
    }

    /** Reads the JSON body and requires a JSON object (422 otherwise: well-formed, but not what we accept). */
    public static JsonNode readObject(ServerRequest req, boolean optional) {
        JsonNode node = readBody(req, optional);
        if (node != null && !node.isObject()) {
            throw ApiException.validation("request body must be a JSON object", Map.of("problem", "not_an_object"));
        }
        return node;
    }

    private static byte[] readBytes(ServerRequest req) {
        var length = req.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > MAX_BODY_BYTES) {
            throw ApiException.payloadTooLarge(MAX_BODY_BYTES);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw ApiException.payloadTooLarge(MAX_BODY_BYTES);
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("request body could not be read");
        }
    }

    public static void send(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(bytes);
    }

    public static void ok(ServerResponse res, Object body) {
        send(res, Status.OK_200, body);
    }

    public static void sendError(ServerResponse res, ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (!e.details().isEmpty()) {
            error.put("details", e.details());
        }
        if (e.status() == Status.UNAUTHORIZED_401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        send(res, e.status(), Map.of("error", error));
    }
}
