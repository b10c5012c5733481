package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.ops.diagnose.Diagnoser;
import dev.todoctl.cli.ops.diagnose.Finding;
import dev.todoctl.cli.ops.diagnose.Severity;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Command(name = "diagnose", sortOptions = false,
        description = {"Read the deployment's state and report what is wrong: each finding has a rule id, a severity "
                + "(critical, warning, info), the component, a summary, the evidence (event message, exit code, last "
                + "log lines, status field) and the command lines that fix it. Changes nothing.",
                "Exit 0 when there is no critical finding, 30 (deploy/rollout) when there is one, 2 on bad usage."},
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl diagnose",
                "  todoctl diagnose --target kubernetes -o json",
                "  todoctl diagnose -t kubernetes --api-url http://127.0.0.1:8080",
                "  todoctl diagnose --target docker -o yaml"})
public final class DiagnoseCommand extends TargetedCommand {
    @Option(names = "--api-url", paramLabel = "URL",
            description = "kubernetes: the api's base URL as reachable from here (e.g. after `todoctl port-forward`), "
                    + "to read its /health/ready body. docker and local find it themselves.")
    String apiUrl;

    @Override
    protected int run() {
        Optional<String> api = Optional.ofNullable(apiUrl).map(DiagnoseCommand::checkedUrl);
        var ctx = targetContext(targetedConfig());
        Target target = TargetSelector.standard().current(ctx);
        Diagnoser.Report report = new Diagnoser(api).report(target);
        List<Finding> findings = report.findings();
        boolean critical = report.critical();
        int exit = critical ? Phase.DEPLOY.exitCode() : 0;
        String release = ctx.config().release();
        if (format().machine()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("target", target.name());
            doc.put("release", release);
            doc.put("healthy", !critical);
            doc.put("exit_code", exit);
            doc.put("findings", findings);
            renderer().print(doc);
            return exit;
        }
        PrintWriter out = console().result();
        if (findings.isEmpty()) {
            out.println("✓ healthy: no findings for release " + release + " on " + target.name() + " (" + report.rulesChecked()
                    + " rules checked)");
        } else {
            for (Finding finding : findings) {
                out.println(finding.render());
                out.println();
            }
            Map<Severity, Long> counts = new LinkedHashMap<>();
            for (Severity severity : Severity.values()) {
                counts.put(severity, findings.stream().filter(f -> f.severity() == severity).count());
            }
            out.println((critical ? "✗ " : "✓ ") + counts.get(Severity.CRITICAL) + " critical, "
                    + counts.get(Severity.WARNING) + " warning, " + counts.get(Severity.INFO) + " info for release "
                    + release + " on " + target.name() + (critical ? " (exit 30)" : " (nothing critical)"));
        }
        out.flush();
        return exit;
    }

    private static String checkedUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw TodoctlException.usage("--api-url '" + url + "' is not an http(s) URL",
                "e.g. --api-url http://127.0.0.1:8080 after `todoctl port-forward`");
    }
}
