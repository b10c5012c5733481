package dev.todoctl.cli.commands;

import dev.todoctl.cli.ui.OutputFormat;
import picocli.CommandLine.Mixin;

/** A command that reads todoctl's configuration ({@code --profile}, {@code --set}, {@code --config}) and has {@code --output}. */
public abstract class ConfiguredCommand extends TodoctlCommand {
    @Mixin
    ConfigOptions config;
    @Mixin
    OutputOption output;

    @Override
    protected OutputFormat format() {
        return output.format();
    }
}
