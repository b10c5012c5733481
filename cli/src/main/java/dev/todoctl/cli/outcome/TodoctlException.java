package dev.todoctl.cli.outcome;

import java.util.List;

/**
 * The one failure type of todoctl: what went wrong, in which phase (hence which exit code), and what the user
 * can do about it (like Skaffold's ActionableErr). Everything else reaching the top is an internal error (exit 1).
 */
public final class TodoctlException extends RuntimeException {
    private final Phase phase;
    private final int exitCode;
    private final List<String> suggestions;

    public TodoctlException(Phase phase, int exitCode, String message, List<String> suggestions, Throwable cause) {
        super(message, cause);
        this.phase = phase;
        this.exitCode = exitCode;
        this.suggestions = List.copyOf(suggestions);
    }

    public TodoctlException(Phase phase, String message, List<String> suggestions) {
        this(phase, phase.exitCode(), message, suggestions, null);
    }

    public TodoctlException(Phase phase, String message, List<String> suggestions, Throwable cause) {
        this(phase, phase.exitCode(), message, suggestions, cause);
    }

    public TodoctlException(Phase phase, String message, String... suggestions) {
        this(phase, message, List.of(suggestions));
    }

    public static TodoctlException usage(String message, String... suggestions) {
        return new TodoctlException(Phase.USAGE, message, suggestions);
    }

    public TodoctlException withCause(Throwable cause) {
        return new TodoctlException(phase, exitCode, getMessage(), suggestions, cause);
    }

    public Phase phase() {
        return phase;
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> suggestions() {
        return suggestions;
    }
}
