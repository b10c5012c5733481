package dev.todoctl.cli.outcome;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps whatever ends a command to its exit code and prints failures as a message plus fixes (no stack trace
 * unless {@code --verbose}). Installed once on the root {@link CommandLine}.
 */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper, CommandLine.IExecutionExceptionHandler {

    /** For {@code exitCodeList} in the root's help: the stable table of {@link Phase}. */
    public static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            list.put(String.format("%3d", phase.exitCode()), phase.meaning());
        }
        return list;
    }

    @Override
    public int getExitCode(Throwable exception) {
        Throwable t = exception;
        while (t != null) {
            if (t instanceof TodoctlException e) {
                return e.exitCode();
            }
            if (t instanceof CommandLine.ParameterException) {
                return Phase.USAGE.exitCode();
            }
            t = t.getCause();
        }
        return Phase.INTERNAL.exitCode();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        return report(ex, cmd, parseResult != null && hasVerbose(parseResult));
    }

    /** Prints a failure as "error: ..." plus "fix: ..." lines and returns its exit code. */
    public static int report(Exception ex, CommandLine cmd, boolean verbose) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof TodoctlException e) {
            err.println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
            for (String fix : e.suggestions()) {
                err.println("  fix: " + fix);
            }
            if (verbose && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
        } else {
            err.println(cmd.getColorScheme().errorText("internal error: " + ex));
            err.println("  fix: re-run with --verbose and report the output");
            if (verbose) {
                ex.printStackTrace(err);
            }
        }
        err.flush();
        return new ExitCodes().getExitCode(ex);
    }

    private static boolean hasVerbose(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult last = parseResult;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last.hasMatchedOption("--verbose");
    }
}
