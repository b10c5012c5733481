package dev.todoctl.cli.commands;

import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.targets.kubernetes.ReleaseRecord;
import dev.todoctl.cli.targets.kubernetes.KubernetesTarget;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "history", sortOptions = false,
        description = "Revisions of the Helm release, read from Helm's own release records: status, chart and app "
                + "version, image tags, description, time.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl history", "  todoctl history -o json | jq '.[-1].status'"})
public final class HistoryCommand extends ConfiguredCommand {
    @Override
    protected int run() {
        TodoctlConfig cfg = loadConfig(config.request(Map.of("target", "kubernetes")));
        KubernetesTarget target = new KubernetesTarget(targetContext(cfg));
        target.requireReachable();
        List<ReleaseRecord> history = target.helm().history();
        if (format().machine()) {
            renderer().print(history.stream().map(HistoryCommand::row).toList());
            return 0;
        }
        if (history.isEmpty()) {
            console().result().println("release " + cfg.release() + " has no revisions in namespace "
                    + cfg.kubernetes().namespace());
            console().result().flush();
            return 0;
        }
        renderer().table(List.of("REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION", "IMAGES", "DESCRIPTION"),
                history.stream().map(r -> List.of(String.valueOf(r.revision()), r.lastDeployed(), r.status(),
                        r.chartName() + "-" + r.chartVersion(), r.appVersion(), String.join(",", r.images()),
                        r.description())).toList());
        return 0;
    }

    static Map<String, Object> row(ReleaseRecord r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("revision", r.revision());
        row.put("updated", r.lastDeployed());
        row.put("status", r.status());
        row.put("chart", r.chartName() + "-" + r.chartVersion());
        row.put("app_version", r.appVersion());
        row.put("images", r.images());
        row.put("description", r.description());
        return row;
    }
}
