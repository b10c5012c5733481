package dev.todoctl.cli.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its type, default, whether it is secret (masked by {@code config view}) and the
 * environment variable that sets it ({@code TODOCTL_} + the key in upper case, dots and dashes as underscores).
 */
public record Setting(String key, Type type, String defaultValue, boolean secret, List<String> choices,
                      List<String> envAliases, String description) {

    public enum Type { STRING, INT, PORT, BOOL, DURATION, CHOICE }

    public static Setting of(String key, Type type, String defaultValue, String description) {
        return new Setting(key, type, defaultValue, false, List.of(), List.of(), description);
    }

    public static Setting choice(String key, String defaultValue, List<String> choices, String description) {
        return new Setting(key, Type.CHOICE, defaultValue, false, choices, List.of(), description);
    }

    public static Setting secret(String key, List<String> envAliases, String description) {
        return new Setting(key, Type.STRING, "", true, List.of(), envAliases, description);
    }

    public String envName() {
        return "TODOCTL_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Checks a raw value; returns null when fine, else what is wrong (for the error message). */
    public String problem(String raw) {
        try {
            switch (type) {
                case INT -> Integer.parseInt(raw.trim());
                case PORT -> {
                    int port = Integer.parseInt(raw.trim());
                    if (port < 0 || port > 65535) {
                        return "'" + raw + "' is not a port number (0-65535, 0 = pick a free one)";
                    }
                }
                case BOOL -> {
                    if (!List.of("true", "false").contains(raw.trim().toLowerCase(Locale.ROOT))) {
                        return "'" + raw + "' is not true or false";
                    }
                }
                case DURATION -> {
                    try {
                        parseDuration(raw);
                    } catch (RuntimeException e) {
                        return "'" + raw + "' is not a duration (e.g. 90s, 2m, 1h)";
                    }
                }
                case CHOICE -> {
                    if (!choices.contains(raw.trim())) {
                        return "'" + raw + "' is not one of " + String.join(", ", choices);
                    }
                }
                case STRING -> { }
            }
            return null;
        } catch (NumberFormatException e) {
            return "'" + raw + "' is not a " + (type == Type.PORT ? "port number" : "whole number");
        }
    }

    /** {@code 90s}, {@code 2m}, {@code 1h}, {@code 500ms} or ISO-8601 ({@code PT2M}). */
    public static Duration parseDuration(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("pt") || s.startsWith("p")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException(raw);
        };
    }
}
