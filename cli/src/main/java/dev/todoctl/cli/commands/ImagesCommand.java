package dev.todoctl.cli.commands;

import picocli.CommandLine.Command;

@Command(name = "images", description = "Inspect container images.",
        subcommands = ImagesAnalyzeCommand.class,
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl images analyze", "  todoctl images analyze my/app:1.2.3 --max-size 150MB -o json"})
public final class ImagesCommand extends TodoctlCommand {
    @Override
    protected int run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
