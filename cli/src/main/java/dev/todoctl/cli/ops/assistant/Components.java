package dev.todoctl.cli.ops.assistant;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The names people and models use for a component ("frontend", "db", "postgres") mapped onto the names a target
 * reports: api and web everywhere, the database as {@code database} on kubernetes and {@code postgres} on docker.
 */
final class Components {
    static final List<String> DATABASE = List.of("database", "postgres", "postgresql", "db");

    private Components() {
    }

    /** The canonical name the offline model and tools use: api, web or database; empty if unknown. */
    static Optional<String> canonical(String asked) {
        if (asked == null) {
            return Optional.empty();
        }
        String a = asked.trim().toLowerCase(Locale.ROOT).replaceFirst("^the ", "");
        return switch (a) {
            case "api", "backend", "back-end", "server", "api server", "todo-chatbot-api" -> Optional.of("api");
            case "web", "frontend", "front-end", "ui", "website", "web app", "webapp", "todo-chatbot-web" -> Optional.of("web");
            default -> DATABASE.contains(a) || a.equals("todo-chatbot-postgresql") ? Optional.of("database") : Optional.empty();
        };
    }

    /** The name of {@code asked} among the components a target reports ({@code known}), if it is one of them. */
    static Optional<String> resolve(String asked, List<String> known) {
        if (asked != null && known.contains(asked.trim())) {
            return Optional.of(asked.trim());
        }
        return canonical(asked).flatMap(c -> c.equals("database")
                ? known.stream().filter(DATABASE::contains).findFirst()
                : known.contains(c) ? Optional.of(c) : Optional.empty());
    }
}
