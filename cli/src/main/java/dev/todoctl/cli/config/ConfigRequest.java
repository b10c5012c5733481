package dev.todoctl.cli.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the command line says about configuration: an explicit file, a profile, {@code --set}s and flags. */
public record ConfigRequest(Optional<Path> file, Optional<String> profile, Map<String, String> sets,
                            Map<String, String> flags) {

    public ConfigRequest {
        sets = Map.copyOf(sets);
        flags = Map.copyOf(flags);
    }

    public static ConfigRequest defaults() {
        return new ConfigRequest(Optional.empty(), Optional.empty(), Map.of(), Map.of());
    }
}
