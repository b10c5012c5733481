package dev.todoctl.cli.ops.assistant;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tool the assistant ran, as {@code --output json} shows it. {@code approved} is null for read-only tools and
 * for mutating ones that never reached the gate (nothing to change); {@code outcome} says what the gate did.
 */
public record ToolCall(String name, Map<String, Object> args, boolean mutating, Boolean approved, String result,
                       Confirmation.Outcome outcome) {

    public ToolCall {
        args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    /** A change that was not made because nobody could confirm it (the command's exit 2). */
    public boolean refusedUnconfirmed() {
        return outcome instanceof Confirmation.Outcome.Refused;
    }

    public Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", name);
        doc.put("args", args);
        doc.put("mutating", mutating);
        doc.put("approved", approved);
        doc.put("result", result);
        return doc;
    }
}
