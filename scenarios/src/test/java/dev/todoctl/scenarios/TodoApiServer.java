package dev.todoctl.scenarios;

import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The real todo api on 127.0.0.1 with a fresh H2 database and the offline chat model, ready when returned. */
final class TodoApiServer implements AutoCloseable {
    private final ApiServer server;
    private final Path data;

    TodoApiServer() throws IOException, InterruptedException {
        data = Files.createTempDirectory("todoctl-scenarios-db");
        server = ApiServer.start(ApiConfig.from(new Env(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "JWT_SECRET", "scenarios-test-secret-0123456789-abcdefghij", "DATA_DIR", data.toString()))));
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (ready.statusCode() == 200) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("api not ready: " + ready.statusCode());
            }
            Thread.sleep(100);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.close();
        try (var walk = Files.walk(data)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot remove " + data, e);
        }
    }
}
