package dev.todoctl.cli.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The answer of a {@code /health/ready}: the api's body is {@code {status, checks:{database, migrations}}};
 * the web's mirrors it under {@code api.body}. Status -1 means nothing answered.
 */
public record Readiness(String url, int status, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The api takes about 3 s (its database ping's timeout) to answer that the database is DOWN. */
    public static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(10);

    public boolean answered() {
        return status > 0;
    }

    public boolean ready() {
        return status >= 200 && status < 300;
    }

    /** "UP", "DOWN" or "" for a check named in the body. */
    public String check(String name) {
        JsonNode json = json();
        JsonNode checks = json.path("checks").isObject() ? json.path("checks") : json.path("api").path("body").path("checks");
        return checks.path(name).asText("");
    }

    public boolean databaseDown() {
        return "DOWN".equals(check("database"));
    }

    public boolean migrationsDown() {
        return "UP".equals(check("database")) && "DOWN".equals(check("migrations"));
    }

    /** One line for evidence: the status and the body, shortened. */
    public String describe() {
        String shown = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return "GET " + url + " → " + (answered() ? String.valueOf(status) : "no answer") + " "
                + (shown.length() > 200 ? shown.substring(0, 200) + "…" : shown);
    }

    private JsonNode json() {
        try {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }
}
