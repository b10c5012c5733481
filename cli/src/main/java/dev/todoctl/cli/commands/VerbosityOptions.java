package dev.todoctl.cli.commands;

import dev.todoctl.cli.ui.Console;
import picocli.CommandLine.Option;

/** {@code -v/--verbose} and {@code -q/--quiet}, shared by every command. */
public final class VerbosityOptions {
    @Option(names = {"-v", "--verbose"}, description = "More detail: every stage's evidence, tool output, stack traces.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Only errors and the result.")
    boolean quiet;

    public Console.Verbosity level() {
        return verbose ? Console.Verbosity.VERBOSE : quiet ? Console.Verbosity.QUIET : Console.Verbosity.NORMAL;
    }

    public boolean verbose() {
        return verbose;
    }
}
