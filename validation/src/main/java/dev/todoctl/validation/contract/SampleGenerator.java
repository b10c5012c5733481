package dev.todoctl.validation.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todoctl.validation.http.TodoClient;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Builds a valid instance of a (flattened) schema: every required property, plus optional ones that are not
 * references to other resources (names ending in {@code id}: no valid value is known for them up front).
 * Strings honour minLength/maxLength/format/enum, numbers their bounds; defaults are used when given.
 */
public final class SampleGenerator {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SampleGenerator() {
    }

    public static JsonNode sample(JsonNode schema) {
        return sample(schema, "value", 0);
    }

    private static JsonNode sample(JsonNode s, String name, int depth) {
        if (s.has("default") && !s.get("default").isNull()) {
            return s.get("default");
        }
        if (s.has("enum") && !s.get("enum").isEmpty()) {
            return s.get("enum").get(0);
        }
        if (s.has("oneOf") || s.has("anyOf")) {
            JsonNode first = (s.has("oneOf") ? s.get("oneOf") : s.get("anyOf")).get(0);
            return sample(first, name, depth + 1);
        }
        String type = s.path("type").asText(s.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> object(s, depth);
            case "array" -> {
                ArrayNode arr = F.arrayNode();
                int min = s.path("minItems").asInt(0);
                for (int i = 0; i < Math.max(min, depth < 3 && s.has("items") ? 1 : 0); i++) {
                    JsonNode item = sample(s.path("items"), name, depth + 1);
                    arr.add(item.isTextual() ? F.textNode(item.asText() + (i == 0 ? "" : String.valueOf(i))) : item);
                }
                yield arr;
            }
            case "integer" -> F.numberNode(s.has("minimum") ? s.get("minimum").asLong() : 1L);
            case "number" -> F.numberNode(s.has("minimum") ? s.get("minimum").asDouble() : 1.0);
            case "boolean" -> F.booleanNode(true);
            default -> F.textNode(string(s, name));
        };
    }

    private static ObjectNode object(JsonNode s, int depth) {
        ObjectNode out = F.objectNode();
        java.util.Set<String> required = new java.util.HashSet<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        s.path("properties").properties().forEach(e -> {
            boolean reference = e.getKey().equals("id") || e.getKey().endsWith("_id");
            if (required.contains(e.getKey()) || !reference && depth < 3) {
                out.set(e.getKey(), sample(e.getValue(), e.getKey(), depth + 1));
            }
        });
        return out;
    }

    static String string(JsonNode s, String name) {
        switch (s.path("format").asText("")) {
            case "email":
                return TodoClient.uniqueEmail("contract");
            case "date":
                return LocalDate.now().plusDays(30).toString();
            case "date-time":
                return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            default:
                break;
        }
        int min = s.path("minLength").asInt(1);
        int max = s.path("maxLength").asInt(Integer.MAX_VALUE);
        String base = "todoctl-" + name.replaceAll("[^a-z]", "");
        StringBuilder sb = new StringBuilder(base);
        while (sb.length() < min) {
            sb.append('x');
        }
        return sb.length() > max ? sb.substring(0, Math.max(max, min)) : sb.toString();
    }
}
