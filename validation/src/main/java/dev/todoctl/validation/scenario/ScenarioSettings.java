package dev.todoctl.validation.scenario;

import java.time.Duration;

/**
 * Tunables of the standard scenarios.
 *
 * @param readP95Budget   scenario 8: the p95 read latency budget (default 100 ms)
 * @param latencyRequests scenario 8: how many reads are measured (default 200, at least 20)
 * @param restartDeadline scenario 6: how long the api may take to be ready again after a restart (default 120 s)
 */
public record ScenarioSettings(Duration readP95Budget, int latencyRequests, Duration restartDeadline) {

    public ScenarioSettings {
        if (latencyRequests < 20) {
            throw new IllegalArgumentException("latencyRequests must be at least 20 for a meaningful p95");
        }
    }

    public static ScenarioSettings defaults() {
        return new ScenarioSettings(Duration.ofMillis(100), 200, Duration.ofSeconds(120));
    }
}
