package dev.todoctl.app.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;
import dev.todoctl.app.http.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The real api, started in-process on H2 under a temporary DATA_DIR, plus a tiny JSON HTTP client for tests. */
public final class TestApi implements AutoCloseable {
    public static final String SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

    private final Path dataDir;
    private final Map<String, String> extraEnv;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ApiServer server;

    private TestApi(Path dataDir, Map<String, String> extraEnv) {
        this.dataDir = dataDir;
        this.extraEnv = extraEnv;
        this.server = ApiServer.start(config());
    }

    public static TestApi start(Path dataDir) {
        return new TestApi(dataDir, Map.of());
    }

    /** With more environment, e.g. {@code CHAT_PROVIDER}. */
    public static TestApi start(Path dataDir, Map<String, String> extraEnv) {
        return new TestApi(dataDir, extraEnv);
    }

    private ApiConfig config() {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "HOST", "127.0.0.1", "JWT_SECRET", SECRET,
                "DATA_DIR", dataDir.toString()));
        env.putAll(extraEnv);
        return ApiConfig.from(new Env(env));
    }

    /** Stops this api and starts a fresh one (new pool, new caches) on the same database. */
    public void restart() {
        server.close();
        server = ApiServer.start(config());
    }

    public String base() {
        return "http://127.0.0.1:" + server.port();
    }

    public ApiServer server() {
        return server;
    }

    /** Signs up a new random user and returns their bearer token. */
    public String signup(String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Response r = post("/api/v1/auth/signup", null, Map.of("email", email, "password", "correct horse battery"));
        if (r.status() != 201) {
            throw new IllegalStateException("signup failed: " + r);
        }
        return r.body().get("token").asText();
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET());
    }

    public Response delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    public Response post(String path, String token, Object body) {
        try {
            return postRaw(path, token, "application/json", Json.MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response postRaw(String path, String token, String contentType, String body) {
        HttpRequest.Builder b = request(path, token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    /** POST /api/v1/chat; conversationId may be null for a new conversation. */
    public Response chat(String token, Long conversationId, String message) {
        Map<String, Object> body = conversationId == null ? Map.of("message", message)
                : Map.of("message", message, "conversation_id", conversationId);
        return post("/api/v1/chat", token, body);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isBlank() ? null : parse(r.body());
            return new Response(r.statusCode(), body, r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.close();
    }

    public record Response(int status, JsonNode body, String text, HttpHeaders headers) {
        @Override
        public String toString() {
            return status + " " + text;
        }
    }
}
