package dev.todoctl.cli.commands;

import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.targets.DownResult;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "down", sortOptions = false,
        description = "Remove the deployment. Data (local database files, Docker volume, PVC) is kept unless --purge, "
                + "so a later up finds the same tasks.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl down", "  todoctl down --purge      # data too", "  todoctl down --target docker"})
public final class DownCommand extends TargetedCommand {

    @Option(names = "--purge", description = "Also delete the data (database, volume, state directory).")
    boolean purge;

    @Override
    protected int run() {
        TodoctlConfig cfg = targetedConfig();
        var ctx = targetContext(cfg);
        DownResult result = TargetSelector.standard().current(ctx).down(purge);
        if (format().machine()) {
            renderer().print(result);
            return 0;
        }
        if (result.removed().isEmpty()) {
            console().info("nothing was running for " + result.release() + " on the " + result.target() + " target");
        }
        result.removed().forEach(r -> console().info("removed " + r));
        result.kept().forEach(k -> console().info("kept " + k + " (--purge deletes it)"));
        return 0;
    }
}
