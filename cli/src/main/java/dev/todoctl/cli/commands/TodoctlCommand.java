package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.ExitCodes;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.config.ConfigLoader;
import dev.todoctl.cli.config.ConfigRequest;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.OutputFormat;
import dev.todoctl.cli.ui.Renderer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What every subcommand shares (like jbang's BaseCommand): the {@link CommandContext} from the root, a console, config
 * loading, and turning a {@link TodoctlException} into its message and exit code — so that the exit code is right
 * whether the root {@code CommandLine} was built by {@code Todoctl.commandLine} or plainly by a test.
 */
public abstract class TodoctlCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Mixin
    protected VerbosityOptions verbosity;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private Console console;

    /** The command's work; returns the exit code (0 unless a result, not an error, says otherwise). */
    protected abstract int run();

    /** Commands with {@code --output} override this. */
    protected OutputFormat format() {
        return OutputFormat.table;
    }

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (TodoctlException e) {
            if (format().machine()) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("phase", e.phase().name().toLowerCase(java.util.Locale.ROOT));
                error.put("exit_code", e.exitCode());
                error.put("message", e.getMessage());
                error.put("suggestions", e.suggestions());
                renderer().print(Map.of("error", error));
            }
            return ExitCodes.report(e, spec.commandLine(), verbosity.verbose());
        }
    }

    protected CommandContext context() {
        return CommandContext.of(spec);
    }

    protected Environment env() {
        return context().environment();
    }

    protected Console console() {
        if (console == null) {
            Environment env = env();
            console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), verbosity.level(),
                    format(), env.tty(), env.colour());
        }
        return console;
    }

    protected Renderer renderer() {
        return new Renderer(format(), spec.commandLine().getOut());
    }

    protected TodoctlConfig loadConfig(ConfigRequest request) {
        return new ConfigLoader(env(), context().installDir()).load(request);
    }

    protected TargetContext targetContext(TodoctlConfig config) {
        return new TargetContext(config, env(), console(), Clock.systemUTC());
    }

    protected static Map<String, String> targetFlag(TargetOption option) {
        Map<String, String> flags = new LinkedHashMap<>();
        option.target().ifPresent(t -> flags.put("target", t));
        return flags;
    }
}
