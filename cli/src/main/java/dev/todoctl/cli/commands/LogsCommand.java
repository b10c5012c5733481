package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", sortOptions = false,
        description = "Print the logs of a component (api or web; both, prefixed, when omitted).",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl logs", "  todoctl logs api --follow", "  todoctl logs web --target docker"})
public final class LogsCommand extends TodoctlCommand {
    @Mixin
    TargetOption target;
    @Mixin
    ConfigOptions config;

    @Parameters(arity = "0..1", paramLabel = "COMPONENT", description = "api or web")
    String component;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

    @Override
    protected int run() {
        if (component != null && !component.equals("api") && !component.equals("web")) {
            throw TodoctlException.usage("unknown component '" + component + "'", "use api or web");
        }
        var ctx = targetContext(loadConfig(config.request(targetFlag(target))));
        TargetSelector.standard().current(ctx).logs(component, follow, console().result());
        return 0;
    }
}
