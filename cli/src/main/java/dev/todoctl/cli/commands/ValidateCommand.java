package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.targets.Endpoints;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.selection.TargetSelector;
import dev.todoctl.cli.targets.ValidationTargets;
import dev.todoctl.validation.ValidationRun;
import dev.todoctl.validation.ValidationTarget;
import dev.todoctl.validation.report.JsonReportWriter;
import dev.todoctl.validation.report.SummaryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
                "  todoctl validate --fuzz 2000 --no-contract --no-e2e       # only the hostile-input scenario"})
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
}
