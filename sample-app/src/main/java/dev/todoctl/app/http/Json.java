package dev.todoctl.app.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
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

    /** Deeper than any body this API defines needs; bounds the parser's stack and the tree walks below. */
    static final int MAX_NESTING_DEPTH = 64;

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH).build());
    }

    /**
     * Request bodies are read strictly (the contract calls trailing content and duplicate keys malformed): a lenient
     * parser would let {@code {"password":"a","password":"b"}} or {@code {..} trailing} mean whatever the last
     * reader of the bytes decides. Kept apart from {@link #MAPPER}, which also parses our own stored JSON.
     */
    private static final ObjectReader BODY_READER = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());

    private Json() {
    }

    /**
     * Reads the request body as a JSON tree; every handler's body goes through here, so these rules hold for all.
     * Missing body → {@code null} when {@code optional}, else 400. Over {@link #MAX_BODY_BYTES} → 413. A body with
     * a missing, empty, unparsable or non-JSON {@code Content-Type} → 415. Malformed JSON (trailing content,
     * duplicate keys, nesting deeper than {@value #MAX_NESTING_DEPTH}, anything but valid UTF-8) → 400. Strings no
     * database stores faithfully (NUL, unpaired surrogates) → 422.
     */
    public static JsonNode readBody(ServerRequest req, boolean optional) {
        byte[] bytes = readBytes(req);
        if (bytes.length == 0) {
            if (optional) {
                return null;
            }
            throw ApiException.badRequest("request body is required");
        }
        requireJsonContentType(req);
        if (!isUtf8(bytes)) {
            // Jackson's decoder lets some invalid sequences through (the long fuzz run had a body with an 0xFF in
            // a field name accepted; an overlong C0 80 decodes to NUL): the contract calls them malformed.
            throw ApiException.badRequest("request body is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = BODY_READER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("request body could not be read");
        }
        if (node == null || node.isMissingNode()) {
            throw ApiException.badRequest("request body is not valid JSON");
        }
        String problem = unstorableString(node);
        if (problem != null) {
            throw ApiException.validation("strings must not contain " + (problem.equals("nul_character")
                    ? "the NUL character (\\u0000)" : "an unpaired UTF-16 surrogate"), Map.of("problem", problem));
        }
        return node;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Helidon parses {@code Content-Type} lazily and throws its own BadRequestException for one it cannot parse
     * (e.g. {@code json}), which would reach the generic handler as a 500: the raw header is parsed here instead.
     */
    private static void requireJsonContentType(ServerRequest req) {
        var raw = req.headers().first(HeaderNames.CONTENT_TYPE);
        if (raw.isEmpty() || raw.get().isBlank()) {
            throw ApiException.unsupportedMediaType(null);
        }
        HttpMediaType type;
        try {
            type = HttpMediaType.create(raw.get());
        } catch (RuntimeException e) {
            throw ApiException.unsupportedMediaType(printable(raw.get()));
        }
        var mt = type.mediaType();
        boolean json = mt.type().equalsIgnoreCase("application")
                && (mt.subtype().equalsIgnoreCase("json") || mt.subtype().toLowerCase(Locale.ROOT)
                .endsWith("+json"));
        if (!json) {
            throw ApiException.unsupportedMediaType(printable(raw.get()));
        }
    }

    /** The header as the client sent it, minus what could not be echoed back safely, and short. */
    private static String printable(String raw) {
        String clean = raw.codePoints().filter(c -> c >= 0x20 && c < 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }

    /**
     * What makes a string unstorable, or null. PostgreSQL text cannot hold U+0000, and an unpaired surrogate is
     * not Unicode at all: UTF-8 (the databases' encoding and the responses') cannot carry it, so such a write could
     * not read back as sent. Refusing both here keeps both databases identical.
     */
    private static String unstorableString(JsonNode node) {
        if (node.isTextual()) {
            return unstorable(node.textValue());
        }
        if (node.isObject()) {
            for (var it = node.properties().iterator(); it.hasNext(); ) {
                var e = it.next();
                String problem = unstorable(e.getKey());
                if (problem == null) {
                    problem = unstorableString(e.getValue());
                }
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        for (JsonNode child : node) {
            String problem = unstorableString(child);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String unstorable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') {
                return "nul_character";
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "unpaired_surrogate";
            }
        }
        return null;
    }

    /** Reads the JSON body and requires a JSON object (the api contract: another top level is malformed, 400). */
    public static JsonNode readObject(ServerRequest req, boolean optional) {
        JsonNode node = readBody(req, optional);
        if (node != null && !node.isObject()) {
            throw ApiException.badRequest("request body must be a JSON object");
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

    static boolean isHead(ServerRequest req) {
        return io.helidon.http.Method.HEAD.equals(req.prologue().method());
    }

    public static void ok(ServerResponse res, Object body) {
        send(res, Status.OK_200, body);
    }

    /**
     * The error body for {@code e}; none for a HEAD request, whose answer must not carry one (a body there would
     * be read by a keep-alive client or proxy as the start of the next response).
     */
    public static void sendError(ServerRequest req, ServerResponse res, ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (!e.details().isEmpty()) {
            error.put("details", e.details());
        }
        if (e.status() == Status.UNAUTHORIZED_401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        if (isHead(req)) {
            res.status(e.status());
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.send();
            return;
        }
        send(res, e.status(), Map.of("error", error));
    }
}
