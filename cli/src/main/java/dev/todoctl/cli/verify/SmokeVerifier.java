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
    private final Supplier<Map<String, String>> urls;
    private final HttpProbe http = new HttpProbe();

    public SmokeVerifier(Supplier<Map<String, String>> urls) {
        this.urls = urls;
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
        checks.forEach((url, expected) -> {
            HttpProbe.Answer answer = http.get(url);
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
