package dev.todoctl.cli.build;

import dev.todoctl.cli.pipeline.StageResult;

import java.time.Duration;
import java.util.List;

/** {@code upToDate}: nothing needed rebuilding (inputs unchanged since the artifacts were made). */
public record BuildResult(List<Artifact> artifacts, boolean upToDate, Duration duration, List<String> evidence)
        implements StageResult {

    public BuildResult {
        artifacts = List.copyOf(artifacts);
        evidence = List.copyOf(evidence);
    }

    public BuildResult withDuration(Duration d) {
        return new BuildResult(artifacts, upToDate, d, evidence);
    }

    @Override
    public String stage() {
        return "build";
    }

    @Override
    public String summary() {
        String names = String.join(", ", artifacts.stream().map(Artifact::reference).toList());
        return upToDate ? "up to date, nothing rebuilt (" + names + ")" : "built " + names;
    }
}
