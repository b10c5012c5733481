package dev.todoctl.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The real api started in-process on a free port, and a small JSON client for it. */
public final class TestApi implements AutoCloseable {
    public static final String SECRET = "test-secret-0123456789-abcdefghijklmnop";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestApi(ApiServer server) {
        this.server = server;
    }

    /** An api on H2 in {@code dataDir}. */
    public static TestApi h2(Path dataDir, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("DATA_DIR", dataDir.toString());
        return start(env);
    }

    /** An api on the given PostgreSQL database (user postgres, trust auth). */
    public static TestApi postgres(String jdbcUrl, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("DATABASE_URL", jdbcUrl);
        env.put("DATABASE_USER", "postgres");
        return start(env);
    }

    public static TestApi start(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("PORT", "0");
        all.putIfAbsent("HOST", "127.0.0.1");
        all.putIfAbsent("JWT_SECRET", SECRET);
        return new TestApi(ApiServer.start(ApiConfig.from(new Env(all))));
    }

    public ApiServer server() {
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, null);
    }

    /** A {@code null} body sends no body at all. */
    public Response post(String path, String token, Object body) {
        return body == null ? send("POST", path, token, null, null)
                : send("POST", path, token, "application/json", json(body));
    }

    public Response put(String path, String token, Object body) {
        return send("PUT", path, token, "application/json", json(body));
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, "application/json", json(body));
    }

    public Response send(String method, String path, String token, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs up a fresh user and returns its token. */
    public String newUser() {
        return signup("user-" + UUID.randomUUID() + "@example.com", "password123").json().get("token").asText();
    }

    public Response signup(String email, String password) {
        return post("/api/v1/auth/signup", null, Map.of("email", email, "password", password));
    }

    public static String json(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
            }
        }

        public String errorCode() {
            return json().path("error").path("code").asText();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
