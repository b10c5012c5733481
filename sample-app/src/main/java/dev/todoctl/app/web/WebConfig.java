package dev.todoctl.app.web;

import dev.todoctl.app.config.Env;

/** Placeholder until the web service lands (branch web-ui). */
public record WebConfig(String host, int port, String apiUrl) {
    public static WebConfig from(Env env) {
        return new WebConfig(env.get("HOST", "0.0.0.0"), env.integer("PORT", 8000, 0, 65535),
                env.get("API_URL", "http://localhost:8080"));
    }
}
