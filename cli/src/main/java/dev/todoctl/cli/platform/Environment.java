package dev.todoctl.cli.platform;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What todoctl reads from the machine it runs on, passed in rather than read from globals so that tests can
 * run the real CLI in-process with their own variables, working directory and terminal.
 */
public record Environment(Map<String, String> vars, Path cwd, Path home, boolean tty) {

    public Environment {
        vars = Map.copyOf(vars);
    }

    public static Environment system() {
        return new Environment(System.getenv(), Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home")), isTerminal());
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(vars.get(name)).filter(v -> !v.isEmpty());
    }

    public boolean colour() {
        return tty && get("NO_COLOR").isEmpty() && !"dumb".equals(vars.get("TERM"));
    }

    public Environment with(String name, String value) {
        var copy = new java.util.HashMap<>(vars);
        copy.put(name, value);
        return new Environment(copy, cwd, home, tty);
    }

    /** JDK 22+ returns a Console even when redirected; {@code isTerminal()} tells the truth there. */
    public static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method m = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
