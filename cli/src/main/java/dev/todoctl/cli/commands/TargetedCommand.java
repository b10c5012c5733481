package dev.todoctl.cli.commands;

import dev.todoctl.cli.config.TodoctlConfig;
import picocli.CommandLine.Mixin;

/** A configured command that acts on a target ({@code --target}, else the configured or remembered one). */
public abstract class TargetedCommand extends ConfiguredCommand {
    @Mixin
    TargetOption target;

    /** The effective configuration, with {@code --target} as the highest-precedence flag. */
    protected TodoctlConfig targetedConfig() {
        return loadConfig(config.request(targetFlag(target)));
    }
}
