package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.targets.Endpoints;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.selection.TargetSelector;
import dev.todoctl.cli.targets.ValidationTargets;
import dev.todoctl.validation.ValidationRun;
import dev.todoctl.validation.ValidationTarget;
import dev.todoctl.validation.compare.ComparisonReport;
import dev.todoctl.validation.compare.DeploymentComparison;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.report.JsonReportWriter;
import dev.todoctl.validation.report.SummaryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Command(name = "validate", sortOptions = false,
        description = "Contract check and end-to-end scenarios against a deployment, in one report. "
                + "Exit 40 when the contract fails, 50 when a scenario fails.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl validate                                  # the release on the current target",
                "  todoctl validate --junit report.xml --json report.json",
                "  todoctl validate --base-url http://127.0.0.1:8080 --web-url http://127.0.0.1:8000",
                "  todoctl validate --target kubernetes                # tunnels to the Services, no port-forward needed",
                "  todoctl validate --scenario auth --scenario tasks --no-contract",
                "  todoctl validate --fuzz 2000 --no-contract --no-e2e       # only the hostile-input scenario",
                "  todoctl validate --target local --compare-to https://todo.example.com   # local against production"})
public final class ValidateCommand extends TargetedCommand {

    @Option(names = "--base-url", paramLabel = "URL", description = "The api's base URL instead of the target's. "
            + "Alone: HTTP checks only. With --target: that target still restarts the api and gives logs and configuration.")
    String baseUrl;
    @Option(names = "--web-url", paramLabel = "URL", description = "The web service's URL (with --base-url).")
    String webUrl;
    @Option(names = "--scenario", paramLabel = "ID", description = "Only these scenarios (repeatable): health, "
            + "auth, tasks, chat, isolation, persistence, web, latency, hygiene.")
    List<String> scenarios = new ArrayList<>();
    @Option(names = "--no-contract", description = "Skip the contract check.")
    boolean noContract;
    @Option(names = "--no-e2e", description = "Skip the end-to-end scenarios.")
    boolean noE2e;
    @Option(names = "--fuzz", paramLabel = "N", description = "Also send N generated hostile requests (fixed seed) "
            + "and report 5xx and contract breaks as scenario 10; a finding fails the end-to-end phase.")
    int fuzz;
    @Option(names = "--compare-to", paramLabel = "URL", description = "Instead of the checks: run one request sequence "
            + "against this api and against the validated one (--base-url or the target's) and report differences in "
            + "status, headers that matter and body (ids and timestamps normalised); exit 50 when they differ.")
    String compareTo;
    @Option(names = "--allowed-origin", paramLabel = "ORIGIN", description = "An origin CORS must allow.")
    String allowedOrigin;
    @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML here.")
    Path junit;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here.")
    Path json;
    @Option(names = "--evidence-dir", paramLabel = "DIR", description = "Where to put the evidence bundle on "
            + "failure (default: ./todoctl-evidence).")
    Path evidence = Path.of("todoctl-evidence");

    @Override
    protected int run() {
        if (compareTo != null) {
            // checked before any target is asked for its URLs
            try {
                ValidationTarget.of(compareTo);
            } catch (IllegalArgumentException e) {
                throw new dev.todoctl.cli.outcome.TodoctlException(Phase.USAGE, "--compare-to: " + e.getMessage(),
                        List.of("give the other deployment's api URL, e.g. --compare-to https://todo.example.com"));
            }
        }
        if (baseUrl == null) {
            // the target's own URLs (on kubernetes: tunnels that follow the pods), open for the whole run
            Target current = TargetSelector.standard().current(targetContext(targetedConfig()));
            try (Endpoints endpoints = current.openEndpoints()) {
                endpoints.evidence().forEach(console()::info);
                return validate(ValidationTargets.of(current, endpoints));
            }
        }
        if (target.target().isPresent()) {
            // URLs by hand (a port-forward, an ingress), restart/logs/configuration through the named target
            return validate(ValidationTargets.of(TargetSelector.standard().current(targetContext(targetedConfig())),
                    baseUrl, Optional.ofNullable(webUrl)));
        }
        return validate(ValidationTargets.of(baseUrl, Optional.ofNullable(webUrl)));
    }

    /** Relative report paths mean the user's working directory (the command's environment, not the JVM's). */
    private Path fromCwd(Path path) {
        return env().cwd().resolve(path);
    }

    private int validate(ValidationTarget validationTarget) {
        ValidationTarget t = validationTarget;
        if (allowedOrigin != null) {
            t = t.withAllowedOrigin(allowedOrigin);
        }
        if (compareTo != null) {
            return compare(t);
        }
        console().info("validating " + t.apiUrl() + t.webUrl().map(w -> " (web " + w + ")").orElse(""));
        ValidationRun.Result result;
        try {
            result = ValidationRun.standard().run(t, new ValidationRun.Options(!noContract, !noE2e,
                    new LinkedHashSet<>(scenarios), Optional.ofNullable(junit).map(this::fromCwd),
                    Optional.ofNullable(json).map(this::fromCwd), Optional.of(fromCwd(evidence))).withFuzz(fuzz));
        } catch (java.io.IOException e) {
            throw new dev.todoctl.cli.outcome.TodoctlException(Phase.USAGE, "could not write a report: " + e.getMessage(),
                    java.util.List.of("check the --junit/--json/--evidence-dir paths"));
        }
        if (format().machine()) {
            renderer().print(JsonReportWriter.toJson(result.combined()));
        } else {
            spec.commandLine().getOut().println(SummaryTable.render(result.combined()));
            result.evidence().ifPresent(p -> console().info("evidence: " + p));
        }
        if (!result.contractPassed()) {
            return Phase.CONTRACT.exitCode();
        }
        return result.e2ePassed() ? Phase.OK.exitCode() : Phase.E2E.exitCode();
    }

    /** --compare-to: the validated api on the left, the other on the right; a difference is the e2e phase's exit. */
    private int compare(ValidationTarget t) {
        console().info("comparing " + t.apiUrl() + " with " + compareTo);
        ComparisonReport report = new DeploymentComparison(t.timeout(), t.allowedOrigin()).compare(t.apiUrl(), compareTo);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("left", report.left());
        summary.put("right", report.right());
        summary.put("requests", report.leftObservations().size());
        summary.put("same", report.same());
        if (report.unreachable() != null) {
            summary.put("unreachable", report.unreachable());
        }
        summary.put("differences", DeploymentComparison.toMaps(report.differences()));
        if (json != null) {
            try {
                java.nio.file.Files.writeString(fromCwd(json), HttpProbe.JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(summary) + "\n");
            } catch (java.io.IOException e) {
                throw new dev.todoctl.cli.outcome.TodoctlException(Phase.USAGE, "could not write " + json + ": " + e.getMessage(),
                        List.of("check the --json path"));
            }
        }
        if (format().machine()) {
            renderer().print(summary);
        } else {
            spec.commandLine().getOut().print(report.render());
            spec.commandLine().getOut().flush();
        }
        return report.same() ? Phase.OK.exitCode() : Phase.E2E.exitCode();
    }
}
