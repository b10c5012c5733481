package dev.todoctl.cli.commands;

import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.targets.kubernetes.KubernetesTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

@Command(name = "rollback", sortOptions = false,
        description = "Put an earlier revision of the Helm release back, as Helm's rollback does: a new revision made "
                + "from that revision's chart and values. Default: the last good revision before the current one. "
                + "Then waits for the rollout and smoke-checks; exit 70 when any of it fails.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl rollback", "  todoctl rollback 3", "  todoctl history   # which revisions there are"})
public final class RollbackCommand extends ConfiguredCommand {
    @picocli.CommandLine.Mixin
    KubernetesTargetOption kubernetesTarget;


    @Parameters(arity = "0..1", paramLabel = "REVISION", description = "Revision to go back to (see `todoctl history`).")
    Integer revision;

    @Option(names = "--force", description = "Helm's --force: replace objects instead of patching them.")
    boolean force;

    @Option(names = "--no-verify", description = "Skip the smoke check after the rollout.")
    boolean noVerify;

    @Override
    protected int run() {
        TodoctlConfig cfg = loadConfig(config.request(kubernetesTarget.flags("rollback")));
        KubernetesTarget.Tuning tuning = KubernetesTarget.Tuning.standard().with(force, true, Map.of(), Map.of());
        KubernetesTarget target = new KubernetesTarget(targetContext(cfg), noVerify ? tuning.withoutVerify() : tuning);
        KubernetesTarget.RollbackResult result = target.rollback(Optional.ofNullable(revision), cfg.readyTimeout());
        if (format().machine()) {
            Map<String, Object> doc = new LinkedHashMap<>();
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
