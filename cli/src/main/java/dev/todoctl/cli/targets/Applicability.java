package dev.todoctl.cli.targets;

/** Whether a target can be used here, and why (or why not) — shown by {@code up} and {@code doctor}. */
public record Applicability(boolean applicable, String reason) {
    public static Applicability yes(String reason) {
        return new Applicability(true, reason);
    }

    public static Applicability no(String reason) {
        return new Applicability(false, reason);
    }
}
