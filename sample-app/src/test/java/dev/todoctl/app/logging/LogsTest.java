package dev.todoctl.app.logging;

import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LOG_LEVEL=debug must not put credentials into the logs: Helidon's debug output dumps raw request headers
 * (found by `todoctl validate` on the docker target, whose dev profile runs the api at DEBUG).
 */
@DisplayName("logging at debug level")
class LogsTest {
    @TempDir
    Path dir;
    private final StringBuilder captured = new StringBuilder();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (captured) {
                captured.append(new JsonLogFormatter().format(record));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void restore() throws Exception {
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    @DisplayName("LOG_LEVEL=debug logs our debug lines but no Authorization header; Helidon at FINE would have")
    void noHeadersAtDebug() throws Exception {
        Logs.install("debug");
        Logger root = Logger.getLogger("");
        // its stdout handler would write into surefire's channel to the forked JVM: capture instead
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        assertThat(root.getLevel()).isEqualTo(Level.FINE);

        String quiet = request("Bearer debug-level-marker-0123456789");
        assertThat(quiet).doesNotContain("debug-level-marker-0123456789");

        // the same request with Helidon's loggers at FINE: the header shows up — what the line in Logs prevents
        Logger.getLogger("io.helidon").setLevel(Level.FINE);
        String leaky = request("Bearer helidon-fine-marker-0123456789");
        assertThat(leaky).contains("helidon-fine-marker-0123456789");
    }

    /** Starts an api, sends one authorized request, stops it; returns what was logged meanwhile. */
    private String request(String authorization) throws Exception {
        synchronized (captured) {
            captured.setLength(0);
        }
        ApiServer api = ApiServer.start(ApiConfig.from(new Env(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "JWT_SECRET", "logs-test-secret-0123456789abcdef0123", "DATA_DIR", dir.resolve("data").toString()))));
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                    + "/api/v1/auth/me")).header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
        } finally {
            api.close();
        }
        synchronized (captured) {
            return captured.toString();
        }
    }
}
