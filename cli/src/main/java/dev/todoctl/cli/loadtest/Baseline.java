package dev.todoctl.cli.loadtest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.Map;

/**
 * A run saved under a name to compare later runs with: what was measured, and what it was measured against
 * (target, release revision, image per component).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Baseline(String name, Instant savedAt, String target, int revision, Map<String, String> images,
                       LoadSummary summary) {
    public Baseline {
        images = Map.copyOf(images);
    }
}
