package dev.todoctl.app.api;

import dev.todoctl.app.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /health} (liveness, never touches the database), {@code /health/ready}, {@code /metrics}, {@code /openapi}. */
final class OperationsHandler implements HttpService {
    private static final String OPENAPI_RESOURCE = "/openapi/todo-api.yaml";
    private final ApiContext ctx;
    private final byte[] openApiYaml;

    OperationsHandler(ApiContext ctx) {
        this.ctx = ctx;
        try (InputStream in = OperationsHandler.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " missing from the classpath");
            }
            this.openApiYaml = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", this::live)
                .get("/health/ready", this::ready)
                .get("/metrics", this::metrics)
                .get("/openapi", this::openapi);
    }

    private void live(ServerRequest req, ServerResponse res) {
        Json.ok(res, Map.of("status", "UP"));
    }

    private void ready(ServerRequest req, ServerResponse res) {
        boolean db = ctx.database().ping();
        boolean migrated = db && ctx.database().migrationsApplied();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("database", db ? "UP" : "DOWN");
        checks.put("migrations", migrated ? "UP" : "DOWN");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", migrated ? "UP" : "DOWN");
        body.put("checks", checks);
        Json.send(res, migrated ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(ctx.meters().scrape());
    }

    /** YAML by default, like Helidon's OpenAPI feature; JSON when the client asks for it. */
    private void openapi(ServerRequest req, ServerResponse res) {
        boolean json = req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains("application/json"))
                .orElse(false) || (req.query().contains("format") && "json".equals(req.query().get("format")));
        if (json) {
            try {
                var tree = new com.fasterxml.jackson.databind.ObjectMapper(
                        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(openApiYaml);
                res.header(HeaderValues.CONTENT_TYPE_JSON);
                res.send(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(tree));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/yaml; charset=utf-8");
        res.send(openApiYaml);
    }
}
