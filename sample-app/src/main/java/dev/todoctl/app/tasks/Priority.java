package dev.todoctl.app.tasks;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** Task priority; declaration order is the sort rank (low < medium < high). */
public enum Priority {
    LOW, MEDIUM, HIGH;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<Priority> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        return switch (s) {
            case "low" -> Optional.of(LOW);
            case "medium" -> Optional.of(MEDIUM);
            case "high" -> Optional.of(HIGH);
            default -> Optional.empty();
        };
    }
}
