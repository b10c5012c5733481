package dev.todoctl.cli.commands;

import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.pipeline.Pipeline;
import dev.todoctl.cli.pipeline.RunReport;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "up", sortOptions = false,
        description = "Build, load, deploy, wait for readiness, smoke-check and print the URLs.%n"
                + "Without --target: a reachable kube context → kubernetes, else a reachable Docker engine → docker, "
                + "else local. Nothing changed since the last up → nothing is rebuilt or redeployed.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl up",
                "  todoctl up --target local --set local.web-port=9000",
                "  todoctl up --profile prod --target docker",
                "  todoctl up --output json | jq -r .urls.web"})
public final class UpCommand extends TargetedCommand {
    @Override
    protected int run() {
        TodoctlConfig cfg = targetedConfig();
        TargetContext ctx = targetContext(cfg);
        TargetSelector.Selection selection = TargetSelector.standard().select(ctx);
        console().info("target " + selection.target().name() + ": " + selection.why());
        TargetSelector.remember(ctx, selection.target());
        RunReport report = new Pipeline(selection.target().stages(), new StageLines(console()), Clock.systemUTC())
                .run(cfg.readyTimeout());
        if (report.failure().isPresent()) {
            throw report.failure().get();
        }
        boolean rebuilt = report.build().map(b -> !b.upToDate()).orElse(false);
        boolean redeployed = report.deploy().map(d -> d.changed()).orElse(false);
        if (!rebuilt && !redeployed) {
            console().info("nothing changed: nothing rebuilt, nothing redeployed");
        }
        StatusReport status = selection.target().status();
        if (format().machine()) {
            Map<String, Object> doc = new LinkedHashMap<>(StatusView.document(status));
            doc.put("why", selection.why());
            doc.put("rebuilt", rebuilt);
            doc.put("redeployed", redeployed);
            doc.put("stages", report.results().stream().map(r -> {
                Map<String, Object> stage = new LinkedHashMap<>();
                stage.put("stage", r.stage());
                stage.put("summary", r.summary());
                stage.put("duration_ms", r.duration().toMillis());
                return stage;
            }).toList());
            renderer().print(doc);
        } else {
            console().info("release " + status.release().name() + " revision " + status.release().revision()
                    + " is up on " + status.target() + " (" + dev.todoctl.cli.ui.Console.seconds(report.total()) + ")");
            StatusView.urls(status.urls(), console().result());
        }
        return 0;
    }
}
