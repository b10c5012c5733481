package dev.todoctl.cli.commands;

import picocli.CommandLine.Command;

@Command(name = "resources", description = "What the chart asks of a cluster.",
        subcommands = ResourcesReportCommand.class,
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl resources report", "  todoctl resources report --profile prod --cluster-cpus 4 --cluster-memory 8Gi"})
public final class ResourcesCommand extends TodoctlCommand {
    @Override
    protected int run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
