package dev.todoctl.cli.load;

import dev.todoctl.cli.outcome.StageResult;

import java.time.Duration;
import java.util.List;

public record LoadResult(boolean skipped, String summary, Duration duration, List<String> evidence)
        implements StageResult {

    public LoadResult {
        evidence = List.copyOf(evidence);
    }

    public LoadResult withDuration(Duration d) {
        return new LoadResult(skipped, summary, d, evidence);
    }

    @Override
    public String stage() {
        return "load";
    }
}
