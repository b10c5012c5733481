package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.targets.Revision;
import dev.todoctl.cli.targets.Revisions;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "history", sortOptions = false,
        description = "Revisions of the release on its target, oldest first: status (deployed, superseded, failed), "
                + "when, images, what made it. On kubernetes read from Helm's release records; on docker and local "
                + "from the state directory.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl history", "  todoctl history --target docker", "  todoctl history -o json | jq '.[-1].status'"})
public final class HistoryCommand extends TargetedCommand {
    @Override
    protected int run() {
        var ctx = targetContext(targetedConfig());
        Target target = TargetSelector.standard().current(ctx);
        Revisions revisions = revisions(target, "history");
        List<Revision> history = revisions.history();
        if (format().machine()) {
            renderer().print(history.stream().map(HistoryCommand::row).toList());
            return 0;
        }
        if (history.isEmpty()) {
            console().result().println("release " + ctx.config().release() + " has no revisions on the "
                    + target.name() + " target");
            console().result().flush();
            return 0;
        }
        renderer().table(List.of("REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "IMAGES", "DESCRIPTION"),
                history.stream().map(r -> List.of(String.valueOf(r.number()), r.updated(), r.status(),
                        r.chart().isEmpty() ? "-" : r.chart(), r.appVersion().isEmpty() ? "-" : r.appVersion(),
                        String.join(",", r.images()), r.description())).toList());
        return 0;
    }

    /** The target's revisions, or exit 2 saying that this target keeps none. */
    static Revisions revisions(Target target, String command) {
        return target.revisions().orElseThrow(() -> TodoctlException.usage("the " + target.name()
                + " target keeps no revisions, so `todoctl " + command + "` has nothing to work on",
                "use --target kubernetes, docker or local"));
    }

    static Map<String, Object> row(Revision r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("revision", r.number());
        row.put("updated", r.updated());
        row.put("status", r.status());
        row.put("chart", r.chart());
        row.put("app_version", r.appVersion());
        row.put("images", r.images());
        row.put("description", r.description());
        return row;
    }
}
