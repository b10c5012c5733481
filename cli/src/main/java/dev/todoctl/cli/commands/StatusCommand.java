package dev.todoctl.cli.commands;

import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;

@Command(name = "status", sortOptions = false,
        description = "Components with ready/desired, images, health and URLs of the release, found again from the "
                + "target itself (a fresh todoctl sees what an earlier one started).",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl status", "  todoctl status --output json", "  todoctl status --target docker -o yaml"})
public final class StatusCommand extends TargetedCommand {
    @Override
    protected int run() {
        var ctx = targetContext(targetedConfig());
        StatusReport report = TargetSelector.standard().current(ctx).status();
        if (format().machine()) {
            renderer().print(StatusView.document(report));
        } else {
            StatusView.table(report, renderer(), console().result());
        }
        return 0;
    }
}
