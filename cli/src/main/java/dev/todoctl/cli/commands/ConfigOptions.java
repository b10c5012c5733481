package dev.todoctl.cli.commands;

import dev.todoctl.cli.config.ConfigRequest;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code --profile}, {@code --set key=value}..., {@code --config FILE}. */
public final class ConfigOptions {
    @Option(names = {"-p", "--profile"}, paramLabel = "PROFILE",
            description = "Configuration profile: dev (default), prod, or one defined in todoctl.yaml.")
    String profile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override one setting (highest precedence); repeatable. See `todoctl config view`.")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: ./todoctl.yaml if present, or $TODOCTL_CONFIG).")
    Path file;

    public ConfigRequest request(Map<String, String> flags) {
        return new ConfigRequest(Optional.ofNullable(file), Optional.ofNullable(profile), sets, flags);
    }
}
