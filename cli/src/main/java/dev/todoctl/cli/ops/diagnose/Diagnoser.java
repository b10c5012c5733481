package dev.todoctl.cli.ops.diagnose;

import dev.todoctl.cli.snapshot.DockerSnapshot;
import dev.todoctl.cli.snapshot.KubeSnapshot;
import dev.todoctl.cli.snapshot.LocalSnapshot;
import dev.todoctl.cli.snapshot.Snapshot;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.targets.Applicability;
import dev.todoctl.cli.targets.Target;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code todoctl diagnose}, and what the assistant calls: reads the target's state once into a snapshot (the
 * target's {@link Target#diagnosis()} capability) and runs that kind's rules over it. Snapshots are plain data in
 * their own package, so the targets that fill them stay free of the ops package and its rules.
 */
public final class Diagnoser {
    private final Optional<String> apiUrl;

    public Diagnoser() {
        this(Optional.empty());
    }

    /** With the api's base URL for kubernetes (e.g. a {@code todoctl port-forward}), to read its readiness body. */
    public Diagnoser(Optional<String> apiUrl) {
        this.apiUrl = apiUrl;
    }

    /** The findings and how many rules produced them. */
    public record Report(List<Finding> findings, int rulesChecked) {
        public Report {
            findings = List.copyOf(findings);
        }

        public boolean critical() {
            return findings.stream().anyMatch(Finding::critical);
        }
    }

    /** Findings, critical first; empty when the rules see nothing wrong. Reads only; changes nothing. */
    public List<Finding> diagnose(Target target) {
        return report(target).findings();
    }

    /** {@link #diagnose}, with the number of rules run (0 when the target could not be read at all). */
    public Report report(Target target) {
        Applicability applicability = target.isApplicable();
        if (!applicability.applicable()) {
            return new Report(List.of(unreachable(target, applicability.reason())), 0);
        }
        Snapshot snapshot = snapshot(target);
        return new Report(run(snapshot), ruleCount(snapshot));
    }

    /** Findings as one text: each {@link Finding#render()}, or a line saying the rules see nothing wrong. */
    public static String text(List<Finding> findings) {
        return findings.isEmpty() ? "No findings: the diagnosis rules see nothing wrong."
                : String.join("\n\n", findings.stream().map(Finding::render).toList());
    }

    /** The snapshot of a target, for callers that want the raw state too. */
    public Snapshot snapshot(Target target) {
        return target.diagnosis().orElseThrow(() -> TodoctlException.usage("todoctl diagnose has no rules for the "
                + target.name() + " target", "use --target kubernetes, docker or local")).collect(apiUrl);
    }

    /** The rules of the snapshot's kind over it: pure, no I/O. */
    public static List<Finding> run(Snapshot snapshot) {
        List<Finding> findings = switch (snapshot) {
            case KubeSnapshot k -> apply(KubeRules.ALL, k);
            case DockerSnapshot d -> apply(DockerRules.ALL, d);
            case LocalSnapshot l -> apply(LocalRules.ALL, l);
        };
        return findings.stream().sorted(Comparator.comparing(Finding::severity)).toList();
    }

    /** How many rules look at a target kind (for the healthy line). */
    public static int ruleCount(Snapshot snapshot) {
        return switch (snapshot) {
            case KubeSnapshot k -> KubeRules.ALL.size();
            case DockerSnapshot d -> DockerRules.ALL.size();
            case LocalSnapshot l -> LocalRules.ALL.size();
        };
    }

    private static <S extends Snapshot> List<Finding> apply(List<Rule<S>> rules, S snapshot) {
        List<Finding> findings = new ArrayList<>();
        for (Rule<S> rule : rules) {
            findings.addAll(rule.check(snapshot));
        }
        return findings;
    }

    private static Finding unreachable(Target target, String reason) {
        List<String> fixes = switch (target.name()) {
            case "kubernetes" -> List.of("kubectl config get-contexts   # is the right context selected?",
                    "todoctl doctor --target kubernetes");
            case "docker" -> List.of("scripts/docker-engine.sh   # or: dockerd &", "todoctl doctor --target docker");
            default -> List.of("todoctl doctor --target " + target.name());
        };
        return new Finding(target.name() + "/unreachable", Severity.CRITICAL, "target", "the " + target.name()
                + " target cannot be read, so nothing else could be checked", List.of(reason), fixes);
    }
}
