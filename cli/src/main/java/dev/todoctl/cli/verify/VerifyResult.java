package dev.todoctl.cli.verify;

import dev.todoctl.cli.outcome.StageResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code urls}: component name to a URL reachable from this machine ({@code web}, {@code api}). */
public record VerifyResult(Map<String, String> urls, List<String> checks, Duration duration, List<String> evidence)
        implements StageResult {

    public VerifyResult {
        urls = Map.copyOf(urls);
        checks = List.copyOf(checks);
        evidence = List.copyOf(evidence);
    }

    /** What a command with {@code --no-verify} reports instead of a smoke check. */
    public static VerifyResult skipped() {
        return new VerifyResult(Map.of(), List.of("smoke check skipped (--no-verify)"), Duration.ZERO, List.of());
    }

    public VerifyResult withDuration(Duration d) {
        return new VerifyResult(urls, checks, d, evidence);
    }

    @Override
    public String stage() {
        return "verify";
    }

    @Override
    public String summary() {
        return "smoke checks passed: " + String.join(", ", checks);
    }
}
