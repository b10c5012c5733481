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

/** The real api started in-process (H2 or PostgreSQL), restartable on the same database, plus a small JSON client. */
public final class ChatTestApi implements AutoCloseable {
    public static final String SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ApiServer server;

    private ChatTestApi(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("PORT", "0", "HOST", "127.0.0.1", "JWT_SECRET", SECRET));
        all.putAll(env);
        this.env = Map.copyOf(all);
        this.server = ApiServer.start(config());
    }

    /** On H2 under {@code dataDir}. */
    public static ChatTestApi start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** On H2 under {@code dataDir}, with more environment (e.g. {@code CHAT_PROVIDER}). */
    public static ChatTestApi start(Path dataDir, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("DATA_DIR", dataDir.toString());
        return new ChatTestApi(env);
    }

    /** On the given PostgreSQL database (user postgres, trust auth). */
    public static ChatTestApi postgres(String jdbcUrl) {
        return new ChatTestApi(Map.of("DATABASE_URL", jdbcUrl, "DATABASE_USER", "postgres"));
    }

    private ApiConfig config() {
        return ApiConfig.from(new Env(env));
    }

    /** Stops this api and starts a fresh one (new pool, nothing shared in memory) on the same database. */
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
