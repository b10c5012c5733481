package dev.todoctl.cli;

import dev.todoctl.cli.commands.AskCommand;
import dev.todoctl.cli.commands.BuildCommand;
import dev.todoctl.cli.commands.CommandContext;
import dev.todoctl.cli.commands.CompletionCommand;
import dev.todoctl.cli.commands.ConfigCommand;
import dev.todoctl.cli.commands.DaemonCommand;
import dev.todoctl.cli.commands.ContractCommand;
import dev.todoctl.cli.commands.DbCommand;
import dev.todoctl.cli.commands.SecretsCommand;
import dev.todoctl.cli.commands.ValidateCommand;
import dev.todoctl.cli.commands.DoctorCommand;
import dev.todoctl.cli.commands.DeployCommand;
import dev.todoctl.cli.commands.DiagnoseCommand;
import dev.todoctl.cli.commands.DevCommand;
import dev.todoctl.cli.commands.DownCommand;
import dev.todoctl.cli.commands.HistoryCommand;
import dev.todoctl.cli.commands.ImagesCommand;
import dev.todoctl.cli.commands.LoadCommand;
import dev.todoctl.cli.commands.LoadtestCommand;
import dev.todoctl.cli.commands.PortForwardCommand;
import dev.todoctl.cli.commands.RenderCommand;
import dev.todoctl.cli.commands.ResourcesCommand;
import dev.todoctl.cli.commands.RollbackCommand;
import dev.todoctl.cli.commands.LogsCommand;
import dev.todoctl.cli.commands.StatusCommand;
import dev.todoctl.cli.commands.UpCommand;
import dev.todoctl.cli.commands.VersionCommand;
import dev.todoctl.cli.outcome.ExitCodes;
import dev.todoctl.cli.platform.Environment;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The root command. It holds no options of its own beyond help/version: each subcommand parses, calls the
 * pipeline and renders. The environment is injected so that tests run the real CLI in-process.
 */
@Command(name = "todoctl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Takes the bundled todo-chatbot from source to a running, validated deployment%n"
                + "on Kubernetes, Docker or local JVM processes.",
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl up                      # build, deploy, verify on the best target",
                "  todoctl up --target local       # api and web as local JVM processes",
                "  todoctl status --output json    # machine-readable status",
                "  todoctl down --purge            # remove everything, data included"},
        exitCodeListHeading = "%nExit codes:%n",
        modelTransformer = Todoctl.ExitCodeList.class)
public final class Todoctl implements Runnable, CommandContext.Holder {
    /**
     * The subcommands, in help order. Not in the {@code @Command} annotation: picocli would then reflect over every
     * subcommand's options and mixins up front, which was two thirds of {@code todoctl --help}'s start-up; see
     * {@link #commandLine(Environment, PrintWriter, PrintWriter, String...)}.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            UpCommand.class, DevCommand.class, DownCommand.class, StatusCommand.class, LogsCommand.class, BuildCommand.class,
            DeployCommand.class, RollbackCommand.class, HistoryCommand.class, DbCommand.class, SecretsCommand.class, LoadCommand.class,
            RenderCommand.class, PortForwardCommand.class, ValidateCommand.class, ContractCommand.class,
            LoadtestCommand.class, AskCommand.class, DiagnoseCommand.class, DoctorCommand.class, ImagesCommand.class, ResourcesCommand.class,
            ConfigCommand.class, DaemonCommand.class, VersionCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class);

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Todoctl() {
        this(Environment.system());
    }

    public Todoctl(Environment environment) {
        this.environment = environment;
    }

    public Environment environment() {
        return environment;
    }

    @Override
    public CommandContext context() {
        return new CommandContext(environment, installDir(), (out, err) -> commandLine(environment, out, err));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try `todoctl up` or `todoctl --help`");
    }

    /** The root with the full model of every subcommand (what completion scripts need). */
    public static CommandLine commandLine(Environment environment, PrintWriter out, PrintWriter err) {
        return build(environment, out, err, type -> true);
    }

    /**
     * The root as {@link #main} runs it for {@code args}: exit-code mapping, error handler, the exit-code list in
     * help, and the full model only of the subcommand {@code args} name (and of the one {@code help} is asked
     * about). The others are listed from their {@code @Command} annotation alone, which is all the root's usage
     * and "did you mean" suggestions read. Tests run every command through here and compare its help with the
     * full model's.
     */
    public static CommandLine commandLine(Environment environment, PrintWriter out, PrintWriter err,
                                          String... args) {
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("-")).limit(2).toList();
        Set<String> named = new HashSet<>();
        if (!words.isEmpty()) {
            named.add(words.getFirst());
            if (words.getFirst().equals("help") && words.size() > 1) {
                named.add(words.get(1));
            }
        }
        return build(environment, out, err, type -> {
            Command command = type.getAnnotation(Command.class);
            return named.contains(command.name()) || Arrays.stream(command.aliases()).anyMatch(named::contains);
        });
    }

    private static CommandLine build(Environment environment, PrintWriter out, PrintWriter err,
                                     Predicate<Class<?>> fullModel) {
        // picocli otherwise looks for Groovy's Closure class on first use; a class the class path does not have is
        // looked for in every one of its 114 jars, each opened for it (~0.1 s of every command).
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        CommandLine cli = new CommandLine(new Todoctl(environment));
        for (Class<?> type : SUBCOMMANDS) {
            if (fullModel.test(type)) {
                cli.addSubcommand(type);
            } else {
                cli.addSubcommand(summary(type));
            }
        }
        ExitCodes exitCodes = new ExitCodes();
        cli.setExitCodeExceptionMapper(exitCodes);
        cli.setExecutionExceptionHandler(exitCodes);
        cli.setOut(out);
        cli.setErr(err);
        if (environment.get("NO_COLOR").isPresent() || !environment.tty()) {
            cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        }
        return cli;
    }

    /** A subcommand as the root's usage lists it: name, aliases, header and description, no options. */
    private static CommandLine summary(Class<?> type) {
        Command command = type.getAnnotation(Command.class);
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create()
                .name(command.name()).aliases(command.aliases());
        spec.usageMessage().header(command.header()).description(command.description()).hidden(command.hidden());
        return new CommandLine(spec);
    }

    /** Lists the exit codes of {@link Phase} in help, however the CommandLine was built. */
    public static final class ExitCodeList implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            spec.usageMessage().exitCodeList(ExitCodes.helpList());
            return spec;
        }
    }

    /** Where todoctl is installed (its jar's directory), used to find the sources it was built from. */
    public static Path installDir() {
        try {
            var location = Todoctl.class.getProtectionDomain().getCodeSource().getLocation();
            return Path.of(location.toURI()).getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    public static void main(String[] args) {
        dev.todoctl.cli.platform.SelectorProviderName.set();
        Environment env = Environment.system();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        // Always System.exit, although Runtime.exit's logging makes the JDK look for a logger service in every jar
        // (~0.15 s of CPU): returning from main when "only daemon threads are left" hung `loadtest --target
        // kubernetes` for good in CI — threads started from virtual threads are in a thread group Thread.enumerate
        // does not see, and non-daemon executor threads kept the JVM alive after main returned.
        System.exit(commandLine(env, out, err, args).execute(args));
    }
}
