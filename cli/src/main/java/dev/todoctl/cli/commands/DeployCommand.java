package dev.todoctl.cli.commands;

import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.pipeline.RunReport;
import dev.todoctl.cli.targets.DeployOnly;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "deploy", sortOptions = false,
        description = "Install or upgrade the Helm release on the kube context (helm upgrade --install of "
                + "charts/todo-chatbot with the profile's values-<profile>.yaml), wait for the rollout, smoke-check. "
                + "Atomic: a failed rollout goes back to the last good revision (exit 30). Nothing is built or loaded: "
                + "`todoctl up` does all of it.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl deploy --tag 0.1.0", "  todoctl deploy --profile prod --helm-set api.replicas=3",
                "  todoctl deploy --env-file .env --set kubernetes.namespace=demo"})
public final class DeployCommand extends ConfiguredCommand {
    @picocli.CommandLine.Mixin
    KubernetesTargetOption kubernetesTarget;

    @Mixin
    ReleaseOptions release;

    @Override
    protected int run() {
        TodoctlConfig cfg = loadConfig(config.request(kubernetesTarget.flags("deploy")));
        var ctx = targetContext(cfg);
        Target target = TargetSelector.standard(release.flags(env().cwd())).byName(ctx, "kubernetes");
        DeployOnly deploy = target.deployOnly().orElseThrow();
        RunReport report = deploy.deploy(cfg.readyTimeout(), new StageLines(console()));
        TargetSelector.remember(ctx, target);
        if (report.failure().isPresent()) {
            throw report.failure().get();
        }
        var status = target.status();
        if (format().machine()) {
            Map<String, Object> doc = new LinkedHashMap<>(StatusView.document(status));
            doc.put("redeployed", report.deploy().map(d -> d.changed()).orElse(false));
            renderer().print(doc);
        } else {
            console().info("release " + status.release().name() + " revision " + status.release().revision()
                    + " is up on " + deploy.where());
            StatusView.urls(status.urls(), console().result());
        }
        return 0;
    }
}
