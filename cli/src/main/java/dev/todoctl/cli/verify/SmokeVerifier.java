package dev.todoctl.cli.verify;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.HttpProbe;
import dev.todoctl.cli.rollout.RolloutResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The same smoke checks for every target, from this machine: api ready, web serves the UI, and web's
 * {@code /api} proxy reaches the api (an unauthenticated call must come back 401 from the api, not 502).
 */
public final class SmokeVerifier implements Verifier {
    /**
     * How long a failing check is retried: right after a rollout the endpoints of a Service and the node's proxy
     * rules follow the new pods a moment later than their Ready condition (seen on a real cluster: the web's proxy
     * got no answer from the api for a few seconds after a rollback).
     */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final Supplier<Map<String, String>> urls;
    private final HttpProbe http = new HttpProbe();
    private final Duration patience;

    public SmokeVerifier(Supplier<Map<String, String>> urls) {
        this(urls, PATIENCE);
    }

    SmokeVerifier(Supplier<Map<String, String>> urls, Duration patience) {
        this.urls = urls;
        this.patience = patience;
    }

    @Override
    public VerifyResult verify(RolloutResult rollout) {
        Map<String, String> u = urls.get();
        Map<String, Integer> checks = new LinkedHashMap<>();
        checks.put(u.get("api") + "/health/ready", 200);
        checks.put(u.get("web") + "/", 200);
        checks.put(u.get("web") + "/api/v1/auth/me", 401);
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        long deadline = System.nanoTime() + patience.toNanos();
        checks.forEach((url, expected) -> {
            HttpProbe.Answer answer = http.get(url);
            while (answer.status() != expected && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                answer = http.get(url);
            }
            String line = "GET " + url + " → " + (answer.status() < 0 ? "no answer" : answer.status());
            (answer.status() == expected ? passed : failed).add(line + (answer.status() == expected ? "" : " (expected " + expected + ")"));
        });
        if (!failed.isEmpty()) {
            throw new TodoctlException(Phase.DEPLOY, "smoke check failed: " + String.join("; ", failed),
                    List.of("see `todoctl logs` and `todoctl status`"));
        }
        return new VerifyResult(u, passed, Duration.ZERO, passed);
    }
}
