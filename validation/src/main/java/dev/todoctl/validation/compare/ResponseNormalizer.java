package dev.todoctl.validation.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Makes two deployments' answers comparable: what legitimately differs between them (ids, timestamps, tokens, the
 * run's own user names, request ids) becomes a placeholder; what a client relies on stays.
 */
final class ResponseNormalizer {
    /**
     * The response headers compared: the ones clients and browsers act on. Date, Content-Length, Server and the like
     * are left out; X-Request-Id is compared by presence only.
     */
    static final List<String> HEADERS = List.of("content-type", "cache-control", "location", "allow", "www-authenticate",
            "x-content-type-options", "x-frame-options", "referrer-policy", "content-security-policy",
            "strict-transport-security", "access-control-allow-origin", "access-control-allow-credentials",
            "access-control-expose-headers", "vary", "x-request-id");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** How a body is compared: its values (placeholders aside), or only its shape (keys and value types). */
    enum Mode { VALUES, SHAPE }

    private ResponseNormalizer() {
    }

    static Map<String, String> headers(Map<String, String> raw) {
        Map<String, String> kept = new TreeMap<>();
        for (String name : HEADERS) {
            String value = raw.get(name);
            if (value == null) {
                continue;
            }
            kept.put(name, switch (name) {
                case "x-request-id" -> "(present)";
                case "location" -> DIGITS.matcher(value).replaceAll("{id}");
                case "content-type" -> value.toLowerCase(Locale.ROOT).replace(" ", "");
                default -> value;
            });
        }
        return kept;
    }

    /** The body as JSON (or YAML for a YAML content type), normalised; a text body becomes "(text)" / "(empty)". */
    static JsonNode body(String text, JsonNode json, String contentType, String runMarker, Mode mode) {
        return body(text, json, contentType, runMarker, List.of(), mode);
    }

    /**
     * @param ownIds ids this run created, which error messages quote ("task 3 not found"): in a {@code message}
     *               string they become {@code <id>} too
     */
    static JsonNode body(String text, JsonNode json, String contentType, String runMarker, List<String> ownIds, Mode mode) {
        JsonNode parsed = json;
        if (parsed == null && contentType != null && contentType.contains("yaml") && !text.isBlank()) {
            try {
                parsed = YAML.readTree(text);
            } catch (IOException e) {
                parsed = null;
            }
        }
        if (parsed == null) {
            return NODES.textNode(text == null || text.isEmpty() ? "(empty)" : "(text)");
        }
        JsonNode normal = values(parsed, null, runMarker, ownIds);
        return mode == Mode.SHAPE ? shape(normal) : normal;
    }

    private static JsonNode values(JsonNode node, String key, String runMarker, List<String> ownIds) {
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(name -> out.set(name, values(node.get(name), name, runMarker, ownIds)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(item -> out.add(values(item, null, runMarker, ownIds)));
            return out;
        }
        if (key != null && (key.equals("id") || key.endsWith("_id")) && (node.isNumber() || node.isTextual())) {
            return NODES.textNode("<id>");
        }
        if (key != null && key.equals("token") && node.isTextual()) {
            return NODES.textNode("<token>");
        }
        if (node.isTextual()) {
            String s = node.asText();
            s = runMarker == null ? s : s.replace(runMarker, "<run>");
            s = TIMESTAMP.matcher(s).replaceAll("<timestamp>");
            s = JWT.matcher(s).replaceAll("<jwt>");
            if ("message".equals(key)) {
                for (String id : ownIds) {
                    s = s.replaceAll("\\b" + Pattern.quote(id) + "\\b", "<id>");
                }
            }
            return NODES.textNode(s);
        }
        return node;
    }

    /** Keys and value types only; an array becomes the distinct shapes of its elements. */
    private static JsonNode shape(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            node.properties().forEach(f -> out.set(f.getKey(), shape(f.getValue())));
            return out;
        }
        if (node.isArray()) {
            Map<String, JsonNode> distinct = new LinkedHashMap<>();
            node.forEach(item -> {
                JsonNode s = shape(item);
                distinct.putIfAbsent(s.toString(), s);
            });
            ArrayNode out = NODES.arrayNode();
            distinct.values().stream().sorted(java.util.Comparator.comparing(JsonNode::toString)).forEach(out::add);
            return out;
        }
        if (node.isNull()) {
            return node;
        }
        return NODES.textNode("<" + node.getNodeType().name().toLowerCase(Locale.ROOT) + ">");
    }
}
