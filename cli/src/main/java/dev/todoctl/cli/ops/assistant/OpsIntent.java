package dev.todoctl.cli.ops.assistant;

import java.util.Map;

/**
 * What a question asks for, as the offline model understands it. Each intent maps onto tool calls (see
 * {@link OfflineOpsModel}) or onto a direct answer ({@link Clarify}, {@link Help}, {@link Unknown}). Components
 * are canonical names (api, web, database) or null for "all"/"not said".
 */
public sealed interface OpsIntent {
    record Health() implements OpsIntent {
    }

    record ListComponents() implements OpsIntent {
    }

    record Describe(String component) implements OpsIntent {
    }

    record Events(String component) implements OpsIntent {
    }

    record Logs(String component, Integer lines) implements OpsIntent {
    }

    record History() implements OpsIntent {
    }

    record Diagnose() implements OpsIntent {
    }

    /** "why is the web not starting?": diagnosis plus the component's state, events and logs. */
    record Troubleshoot(String component) implements OpsIntent {
    }

    record ResourceUsage() implements OpsIntent {
    }

    record Scale(String component, int replicas) implements OpsIntent {
    }

    record Restart(String component) implements OpsIntent {
    }

    /** {@code revision} null: the last good revision before the current one. */
    record Rollback(Integer revision) implements OpsIntent {
    }

    record SetValue(String key, String value) implements OpsIntent {
    }

    /** Understood, but something is missing ("scale to 3" — which component?). */
    record Clarify(String question) implements OpsIntent {
    }

    record Help() implements OpsIntent {
    }

    record Unknown(String text) implements OpsIntent {
    }

    /** The tool calls an intent stands for, in order (tool name → arguments); empty for direct answers. */
    default java.util.List<Map.Entry<String, Map<String, Object>>> toolCalls() {
        return switch (this) {
            case Health h -> calls("status", Map.of());
            case ListComponents l -> calls("list_components", Map.of());
            case Describe d -> calls("describe_component", Map.of("component", d.component()));
            case Events e -> calls("events", e.component() == null ? Map.of() : Map.of("component", e.component()));
            case Logs l -> {
                Map<String, Object> args = new java.util.LinkedHashMap<>();
                if (l.component() != null) {
                    args.put("component", l.component());
                }
                if (l.lines() != null) {
                    args.put("lines", l.lines());
                }
                yield calls("logs", args);
            }
            case History h -> calls("history", Map.of());
            case Diagnose d -> calls("diagnose", Map.of());
            case Troubleshoot t -> t.component() == null
                    ? java.util.List.of(Map.entry("diagnose", Map.of()), Map.entry("status", Map.of()),
                            Map.entry("events", Map.of()))
                    : java.util.List.of(Map.entry("diagnose", Map.of()),
                            Map.entry("describe_component", Map.of("component", t.component())),
                            Map.entry("events", Map.of("component", t.component())),
                            Map.entry("logs", Map.of("component", t.component(), "lines", 30)));
            case ResourceUsage r -> calls("resource_usage", Map.of());
            case Scale s -> calls("scale", Map.of("component", s.component(), "replicas", s.replicas()));
            case Restart r -> calls("restart", Map.of("component", r.component()));
            case Rollback r -> calls("rollback", r.revision() == null ? Map.of() : Map.of("revision", r.revision()));
            case SetValue s -> calls("set_value", Map.of("key", s.key(), "value", s.value()));
            case Clarify c -> java.util.List.of();
            case Help h -> java.util.List.of();
            case Unknown u -> java.util.List.of();
        };
    }

    private static java.util.List<Map.Entry<String, Map<String, Object>>> calls(String tool, Map<String, Object> args) {
        return java.util.List.of(Map.entry(tool, args));
    }
}
