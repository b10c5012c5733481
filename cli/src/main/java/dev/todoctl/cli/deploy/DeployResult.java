package dev.todoctl.cli.deploy;

import dev.todoctl.cli.outcome.StageResult;

import java.time.Duration;
import java.util.List;

/** {@code changed == false}: the running release already matched (same artifacts and configuration). */
public record DeployResult(String release, int revision, boolean changed, Duration duration, List<String> evidence)
        implements StageResult {

    public DeployResult {
        evidence = List.copyOf(evidence);
    }

    public DeployResult withDuration(Duration d) {
        return new DeployResult(release, revision, changed, d, evidence);
    }

    @Override
    public String stage() {
        return "deploy";
    }

    @Override
    public String summary() {
        return changed ? "deployed " + release + " revision " + revision
                : "unchanged, nothing redeployed (" + release + " revision " + revision + ")";
    }
}
