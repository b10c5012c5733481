package dev.todoctl.cli.commands;

import picocli.CommandLine.Option;

import java.util.Map;

/** {@code --push} and {@code --registry}: where built images go, as the {@code build.push}/{@code build.registry} flags. */
public final class PushOptions {
    @Option(names = "--push", description = "Push the image tags to the registry after building (for clusters that pull).")
    boolean push;

    @Option(names = "--registry", paramLabel = "REGISTRY", description = "Registry prefix of the tags, e.g. localhost:5000.")
    String registry;

    /** Adds the given options to a flag map, so they take the highest precedence in the configuration. */
    void addTo(Map<String, String> flags) {
        if (push) {
            flags.put("build.push", "true");
        }
        if (registry != null) {
            flags.put("build.registry", registry);
        }
    }
}
