package dev.todoctl.cli;

import dev.todoctl.cli.platform.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Todoctl#main} models only the subcommand it runs; everything a user sees from the other subcommands
 * (root help, "did you mean", help COMMAND) must be exactly what the full model prints.
 */
class TodoctlModelTest {
    @TempDir
    Path dir;

    static Stream<List<String>> invocations() {
        List<List<String>> all = new ArrayList<>(List.of(List.of(), List.of("--help"), List.of("-h"),
                List.of("--version"), List.of("help"), List.of("help", "up"), List.of("help", "contract"),
                List.of("stauts"), List.of("contract", "check", "--help"), List.of("contract"),
                List.of("up", "--bogus"), List.of("--bogus")));
        for (Class<?> type : Todoctl.SUBCOMMANDS) {
            all.add(List.of(type.getAnnotation(Command.class).name(), "--help"));
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("invocations")
    void theModelBuiltForTheArgumentsPrintsWhatTheFullModelPrints(List<String> args) {
        String[] argv = args.toArray(String[]::new);
        Result full = run(out -> err -> Todoctl.commandLine(env(), out, err), argv);
        Result lazy = run(out -> err -> Todoctl.commandLine(env(), out, err, argv), argv);
        assertThat(lazy).isEqualTo(full);
    }

    @Test
    void onlyTheNamedSubcommandIsModelledInFull() {
        CommandLine cli = Todoctl.commandLine(env(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), "status", "--output", "json");
        assertThat(cli.getSubcommands().get("status").getCommandSpec().findOption("--output")).isNotNull();
        assertThat(cli.getSubcommands().get("up").getCommandSpec().options()).isEmpty();
        assertThat(cli.getSubcommands().keySet())
                .containsExactlyElementsOf(Todoctl.commandLine(env(), new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter())).getSubcommands().keySet());
    }

    @Test
    void completionScriptCoversEveryCommandsOptionsWhateverTheRootModels() {
        Result r = run(out -> err -> Todoctl.commandLine(env(), out, err, "completion", "bash"), "completion", "bash");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--output").contains("--purge").contains("--scenario");
    }

    private Environment env() {
        return new Environment(Map.of("NO_COLOR", "1", "HOME", dir.toString(), "KUBECONFIG",
                dir.resolve("none").toString()), dir, dir, false);
    }

    private interface Builder {
        java.util.function.Function<PrintWriter, CommandLine> with(PrintWriter out);
    }

    private static Result run(Builder builder, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = builder.with(new PrintWriter(out, true)).apply(new PrintWriter(err, true)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }
}
