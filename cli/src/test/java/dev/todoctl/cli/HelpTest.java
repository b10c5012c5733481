package dev.todoctl.cli;

import dev.todoctl.cli.platform.Environment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code todoctl <command> --help} for every command and subcommand: exit 0, the usage on stdout, nothing on
 * stderr. picocli reports a help text it cannot format (an unescaped {@code %}) as a WARN on {@code System.err},
 * not on the command's error writer, so that stream is watched too.
 */
@DisplayName("--help of every command")
class HelpTest {
    @TempDir
    Path dir;

    static Stream<String> commands() {
        CommandLine full = Todoctl.commandLine(new Environment(Map.of(), Path.of("."), Path.of("."), false),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<String> paths = new ArrayList<>();
        collect(full, "", paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, String prefix, List<String> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName()) && !name.equals("help")) {
                paths.add(prefix + name);
                collect(sub, prefix + name + " ", paths);
            }
        });
    }

    @ParameterizedTest(name = "todoctl {0} --help")
    @MethodSource("commands")
    void helpExitsZeroAndWarnsNothing(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        PrintStream systemErr = System.err;
        ByteArrayOutputStream picocliWarnings = new ByteArrayOutputStream();
        CliRun run;
        System.setErr(new PrintStream(picocliWarnings, true, StandardCharsets.UTF_8));
        try {
            run = CliRun.in(dir, Map.of(), args.toArray(String[]::new));
        } finally {
            System.setErr(systemErr);
        }
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString()).contains("Usage: todoctl " + command);
        assertThat(run.err()).as(run.toString()).isEmpty();
        assertThat(picocliWarnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
