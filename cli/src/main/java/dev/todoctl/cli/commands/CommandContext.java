package dev.todoctl.cli.commands;

import dev.todoctl.cli.platform.Environment;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * What a command needs from the program running it. The root command hands it down, so that commands never reach
 * back into the root class: the root lists the commands, and an arrow back would make the two import each other.
 *
 * @param environment the process's environment (injected, so that tests run the real CLI in-process)
 * @param installDir  where todoctl is installed (its jar's directory), or {@code null} when that is unknown
 * @param fullModel   builds the root with every subcommand modelled in full, for completion scripts; the root a
 *                    command runs under models only that command in full
 */
public record CommandContext(Environment environment, Path installDir,
                             BiFunction<PrintWriter, PrintWriter, CommandLine> fullModel) {

    /** Implemented by the root command's class. */
    public interface Holder {
        CommandContext context();
    }

    /** The context of the root {@code spec} runs under. */
    static CommandContext of(CommandSpec spec) {
        return ((Holder) spec.root().userObject()).context();
    }
}
