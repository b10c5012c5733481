package dev.todoctl.cli.commands;

import dev.todoctl.cli.ui.OutputFormat;
import picocli.CommandLine.Option;

/** {@code -o/--output table|json|yaml}: json and yaml print exactly one document on stdout. */
public final class OutputOption {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml. Valid values: ${COMPLETION-CANDIDATES}")
    OutputFormat format;

    public OutputFormat format() {
        return format;
    }
}
