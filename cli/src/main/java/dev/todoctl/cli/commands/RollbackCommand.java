package dev.todoctl.cli.commands;

import dev.todoctl.cli.targets.DeployFlags;
import dev.todoctl.cli.targets.Revisions;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

@Command(name = "rollback", sortOptions = false,
        description = "Put an earlier revision back as a new revision made from its images and configuration (on "
                + "kubernetes Helm's rollback: that revision's chart and values). Default: the last good revision "
                + "before the current one. Then waits for the rollout and smoke-checks; exit 70 when any of it fails, "
                + "and a revision whose images are gone is refused with nothing changed.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl rollback", "  todoctl rollback 3", "  todoctl rollback --target docker",
                "  todoctl history   # which revisions there are"})
public final class RollbackCommand extends TargetedCommand {
    @Parameters(arity = "0..1", paramLabel = "REVISION", description = "Revision to go back to (see `todoctl history`).")
    Integer revision;

    @Option(names = "--force", description = "kubernetes: Helm's --force, replace objects instead of patching them.")
    boolean force;

    @Option(names = "--no-verify", description = "Skip the smoke check after the rollout.")
    boolean noVerify;

    @Override
    protected int run() {
        var ctx = targetContext(targetedConfig());
        Target target = TargetSelector.standard(new DeployFlags(force, true, !noVerify, Map.of(), Map.of())).current(ctx);
        Revisions.RollbackResult result = HistoryCommand.revisions(target, "rollback")
                .rollback(Optional.ofNullable(revision), !noVerify, ctx.config().readyTimeout());
        if (format().machine()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("target", target.name());
            doc.put("release", result.release());
            doc.put("from", result.from());
            doc.put("to", result.to());
            doc.put("revision", result.revision());
            doc.put("checks", result.verify().checks());
            renderer().print(doc);
        } else {
            console().result().println("rolled back " + result.release() + " from revision " + result.from()
                    + " to revision " + result.to() + " (now revision " + result.revision() + "): " + result.rollout().summary());
            console().result().flush();
        }
        return 0;
    }
}
