package dev.todoctl.cli.build;

import dev.todoctl.cli.outcome.StageResult;

import java.time.Duration;
import java.util.List;

/**
 * {@code upToDate}: nothing needed rebuilding (inputs unchanged since the artifacts were made). {@code pushed}: each
 * tag the registry confirmed, as {@code registry/repository:tag@sha256:...} (the digest the registry answered with),
 * empty without {@code --push}.
 */
public record BuildResult(List<Artifact> artifacts, boolean upToDate, Duration duration, List<String> evidence,
                          List<String> pushed) implements StageResult {

    public BuildResult {
        artifacts = List.copyOf(artifacts);
        evidence = List.copyOf(evidence);
        pushed = List.copyOf(pushed);
    }

    public BuildResult(List<Artifact> artifacts, boolean upToDate, Duration duration, List<String> evidence) {
        this(artifacts, upToDate, duration, evidence, List.of());
    }

    public BuildResult withDuration(Duration d) {
        return new BuildResult(artifacts, upToDate, d, evidence, pushed);
    }

    @Override
    public String stage() {
        return "build";
    }

    @Override
    public String summary() {
        String names = String.join(", ", artifacts.stream().map(Artifact::reference).toList());
        String push = pushed.isEmpty() ? "" : "; pushed " + pushed.size() + " tags";
        return (upToDate ? "up to date, nothing rebuilt (" + names + ")" : "built " + names) + push;
    }
}
