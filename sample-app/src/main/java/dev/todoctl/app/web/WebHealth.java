package dev.todoctl.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.app.http.Json;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web service's own probes. {@code /health}: liveness, 200 while the process serves (never calls the api).
 * {@code /health/ready}: 200 only when the api's {@code /health/ready} answers 200, else 503; the body carries
 * what the api said (or why it could not be asked), so a failing probe explains itself.
 */
final class WebHealth implements HttpService {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(2);

    private final ApiClient api;

    WebHealth(ApiClient api) {
        this.api = api;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::live)
                .get("/live", this::live)
                .get("/ready", this::ready);
    }

    private void live(ServerRequest req, ServerResponse res) {
        GatewayError.sendJson(res, Status.OK_200, Map.of("status", "UP"));
    }

    private void ready(ServerRequest req, ServerResponse res) {
        Map<String, Object> apiState = new LinkedHashMap<>();
        apiState.put("url", api.baseUrl());
        boolean up;
        try {
            ApiClient.Answer answer = api.exchange(Method.GET, "/health/ready",
                    Map.of(WebFilters.REQUEST_ID, WebFilters.requestId(req)), null, READY_TIMEOUT);
            up = answer.status() == 200;
            apiState.put("http_status", answer.status());
            apiState.put("body", parse(answer.body()));
        } catch (ApiClient.ApiUnavailableException e) {
            up = false;
            apiState.put("error", e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("api", apiState);
        GatewayError.sendJson(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, body);
    }

    private static Object parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node;
        } catch (IOException e) {
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            return text.length() > 500 ? text.substring(0, 500) : text;
        }
    }
}
