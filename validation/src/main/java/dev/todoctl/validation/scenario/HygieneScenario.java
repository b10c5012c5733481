package dev.todoctl.validation.scenario;

import dev.todoctl.validation.EnvSource;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.TodoClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.todoctl.validation.scenario.ScenarioContext.expect;

/**
 * 9: configuration hygiene — no secret value (the JWT secret, other given secrets, a user's password or bearer
 * token) in any response, in the components' logs, or in plain configuration (ConfigMaps, env), and no
 * secret-looking key in plain configuration; and the api's secrets reach it from Secret references, not as values
 * written into its workload. Logs, config and env sources come from the target hooks.
 */
final class HygieneScenario implements Scenario {
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|passwd|api_key|apikey|token).*");

    @Override
    public String id() {
        return "hygiene";
    }

    @Override
    public String title() {
        return "e2e 9: configuration hygiene";
    }

    @Override
    public void run(ScenarioContext ctx) {
        TodoClient api = ctx.api();
        TodoClient.User u = ctx.user("hygiene");
        Map<String, String> secrets = new LinkedHashMap<>();
        ctx.target().jwtSecret().ifPresent(s -> secrets.put("the JWT secret", s));
        List<String> others = ctx.target().otherSecrets();
        for (int i = 0; i < others.size(); i++) {
            secrets.put("given secret #" + (i + 1), others.get(i));
        }
        secrets.put("a user's password", u.password());

        ctx.check("no secret value in any response", () -> {
            List<HttpProbe.Reply> replies = new ArrayList<>();
            for (String path : List.of("/health", "/health/ready", "/metrics", "/openapi", "/api/v1/nope")) {
                replies.add(ctx.http().send(HttpProbe.Call.get(api.url(path))));
            }
            replies.add(api.get("/api/v1/auth/me", u.token()));
            replies.add(api.login(u.email(), u.password()));
            replies.add(api.login(u.email(), u.password() + "x"));
            replies.add(ctx.http().send(HttpProbe.Call.of("POST", api.url("/api/v1/tasks")).bearer(u.token())
                    .body("{\"title\": ", "application/json")));
            replies.add(api.chat(u.token(), "hello", null));
            if (ctx.web() != null) {
                replies.add(ctx.http().send(HttpProbe.Call.get(ctx.web().url("/health/ready"))));
                replies.add(ctx.http().send(HttpProbe.Call.get(ctx.web().url("/"))));
                replies.add(ctx.http().send(HttpProbe.Call.get(ctx.web().url("/app.js"))));
            }
            for (HttpProbe.Reply r : replies) {
                // a scan of nothing proves nothing: every probe must have been answered
                expect(r.status() > 0, () -> "no answer, nothing to scan\n" + r.exchange().describe());
                String everything = r.body() + " " + r.headers();
                for (Map.Entry<String, String> s : secrets.entrySet()) {
                    expect(!everything.contains(s.getValue()), () -> s.getKey() + " appears in a response\n"
                            + r.exchange().describe());
                }
            }
        });
        // The responses check above sent the password and the token: the logs had their chance to leak them.
        Optional<Map<String, String>> logs = safely(() -> ctx.target().hooks().recentLogs());
        if (logs.isEmpty()) {
            ctx.skip("no secret value in component logs", "the target (" + ctx.target().hooks().describe()
                    + ") offers no log access");
        } else {
            ctx.check("no secret value in component logs", () -> {
                Map<String, String> inLogs = new LinkedHashMap<>(secrets);
                inLogs.put("a user's bearer token", u.token());
                for (Map.Entry<String, String> log : logs.get().entrySet()) {
                    for (Map.Entry<String, String> s : inLogs.entrySet()) {
                        int at = log.getValue().indexOf(s.getValue());
                        expect(at < 0, () -> s.getKey() + " appears in the " + log.getKey() + " log: "
                                + ctx.http().redactor().text(excerpt(log.getValue(), at, s.getValue().length())));
                    }
                }
            });
        }
        checkPlainConfig(ctx, secrets);
        checkSecretReferences(ctx);
    }

    private static void checkPlainConfig(ScenarioContext ctx, Map<String, String> secrets) {
        Optional<Map<String, String>> config = safely(() -> ctx.target().hooks().plainConfig());
        if (config.isEmpty()) {
            ctx.skip("no secret in plain configuration (ConfigMaps, env)", "the target ("
                    + ctx.target().hooks().describe() + ") does not expose its configuration");
            return;
        }
        ctx.check("no secret in plain configuration (ConfigMaps, env)", () -> {
            for (Map.Entry<String, String> e : config.get().entrySet()) {
                for (Map.Entry<String, String> s : secrets.entrySet()) {
                    expect(!e.getValue().contains(s.getValue()), () -> s.getKey() + " is in plain configuration "
                            + e.getKey());
                }
                String key = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
                expect(!SECRET_KEY.matcher(key).matches() || e.getValue().isBlank(),
                        () -> "secret-looking key in plain configuration: " + e.getKey()
                                + " (keep it in a Secret, not a ConfigMap)");
            }
        });
    }

    /**
     * A secret value the scans above do not know (one the target generated) can still sit in a Deployment: so the
     * api's secret settings must come from Secret references. JWT_SECRET must be set that way (the api cannot start
     * without it); any other secret-looking variable that is set must be too.
     */
    private static void checkSecretReferences(ScenarioContext ctx) {
        String name = "secrets reach the api from Secret references";
        Optional<Map<String, EnvSource>> sources = safely(() -> ctx.target().hooks().apiEnvSources());
        if (sources.isEmpty()) {
            ctx.skip(name, "the target (" + ctx.target().hooks().describe() + ") has no Secret references to inspect");
            return;
        }
        ctx.check(name, () -> {
            EnvSource jwt = sources.get().get("JWT_SECRET");
            expect(jwt != null, () -> "JWT_SECRET is not set on the api container at all");
            for (Map.Entry<String, EnvSource> e : sources.get().entrySet()) {
                if (SECRET_KEY.matcher(e.getKey()).matches()) {
                    expect(e.getValue().kind() == EnvSource.Kind.SECRET, () -> e.getKey() + " reaches the api as "
                            + e.getValue().kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " ("
                            + e.getValue().origin() + "), not from a Secret reference");
                }
            }
        });
    }

    private static <T> Optional<T> safely(java.util.function.Supplier<Optional<T>> hook) {
        try {
            return hook.get();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String excerpt(String text, int at, int len) {
        int from = Math.max(0, at - 80);
        int to = Math.min(text.length(), at + len + 80);
        return text.substring(from, to).replace('\n', ' ');
    }
}
