package dev.todoctl.cli.rollout;

import dev.todoctl.cli.outcome.StageResult;

import java.time.Duration;
import java.util.List;

public record RolloutResult(List<ComponentStatus> components, Duration duration, List<String> evidence)
        implements StageResult {

    public RolloutResult {
        components = List.copyOf(components);
        evidence = List.copyOf(evidence);
    }

    public RolloutResult withDuration(Duration d) {
        return new RolloutResult(components, d, evidence);
    }

    @Override
    public String stage() {
        return "rollout";
    }

    @Override
    public String summary() {
        return "ready: " + String.join(", ", components.stream()
                .map(c -> c.name() + " " + c.ready() + "/" + c.desired()).toList());
    }
}
