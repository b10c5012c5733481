package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.TodoctlException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .env} file ({@code KEY=VALUE} lines, {@code #} comments, optional {@code export} and quotes) read into
 * memory for the app's Secret. Values are never echoed, not even in errors: those name the line only.
 */
public final class EnvFile {
    private EnvFile() {
    }

    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw TodoctlException.usage("cannot read " + file + ": " + e.getMessage(), "check the --env-file path");
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String key = eq > 0 ? line.substring(0, eq).strip() : "";
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw TodoctlException.usage(file + ":" + (i + 1) + ": not KEY=VALUE", "fix that line of the env file");
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            vars.put(key, value);
        }
        return vars;
    }
}
