package dev.todoctl.app.mcp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.Map;

/**
 * Checks {@code tools/call} arguments against the {@code inputSchema} the tool declares in {@code tools/list},
 * before anything runs. langchain4j's argument binding coerces what it can ({@code 12345} into the title "12345",
 * {@code {"text":"x"}} into the title "{text=x}"), so without this check a client's type mistake would silently
 * change data. Covers the schema keywords the tools' generated schemas use: type, properties, required, items,
 * enum, additionalProperties.
 */
final class ArgumentCheck {
    private ArgumentCheck() {
    }

    /** The first problem, as a sentence naming the argument, or null when the arguments conform. */
    static String problem(Map<String, Object> schema, JsonNode arguments) {
        return check(schema, arguments, "arguments", true);
    }

    @SuppressWarnings("unchecked")
    private static String check(Map<String, Object> schema, JsonNode value, String where, boolean topLevel) {
        Object type = schema.get("type");
        if (type instanceof String t && !hasType(value, t)) {
            return where + " must be " + article(t);
        }
        if (schema.get("enum") instanceof Collection<?> allowed
                && allowed.stream().noneMatch(a -> String.valueOf(a).equals(value.asText()) && value.isValueNode())) {
            return where + " must be one of " + allowed;
        }
        if (value.isObject()) {
            Map<String, Object> properties = schema.get("properties") instanceof Map<?, ?> p
                    ? (Map<String, Object>) p : Map.of();
            if (schema.get("required") instanceof Collection<?> required) {
                for (Object name : required) {
                    JsonNode v = value.get(String.valueOf(name));
                    if (v == null || v.isNull()) {
                        return (topLevel ? "" : where + ".") + name + " is required";
                    }
                }
            }
            for (var it = value.properties().iterator(); it.hasNext(); ) {
                var field = it.next();
                String name = (topLevel ? "" : where + ".") + field.getKey();
                Object propertySchema = properties.get(field.getKey());
                if (propertySchema == null) {
                    if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
                        return name + " is not an argument of this tool";
                    }
                    continue;
                }
                // An optional argument given as null means "not given", as langchain4j and most clients treat it.
                if (field.getValue().isNull()) {
                    continue;
                }
                String problem = check((Map<String, Object>) propertySchema, field.getValue(), name, false);
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (value.isArray() && schema.get("items") instanceof Map<?, ?> items) {
            int i = 0;
            for (JsonNode item : value) {
                String problem = check((Map<String, Object>) items, item, where + "[" + i++ + "]", false);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || (value.isFloatingPointNumber()
                    && value.canConvertToExactIntegral());
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static String article(String type) {
        return switch (type) {
            case "integer", "array", "object" -> "an " + type;
            default -> "a " + type;
        };
    }
}
