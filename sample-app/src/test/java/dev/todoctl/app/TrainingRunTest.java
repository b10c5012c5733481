package dev.todoctl.app;

import com.sun.net.httpserver.HttpServer;
import dev.todoctl.app.config.Env;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingRunTest {
    @TempDir
    Path dir;

    @Test
    void startsBothRolesAndExercisesThemTheWebThroughItsProxy() throws Exception {
        assertThat(TrainingRun.run(new Env(Map.of("DATA_DIR", dir.toString(),
                "JWT_SECRET", "training-test-secret-0123456789abcdefghij")))).containsExactly(
                "GET /health/ready -> 200 OK", "GET /health -> 200 OK",
                "GET /api/v1/tasks?limit=1 -> 401 Unauthorized", "GET /openapi -> 200 OK",
                "GET /health/ready -> 200 OK", "GET /health -> 200 OK", "GET / -> 200 OK", "GET /app.js -> 200 OK",
                "GET /app.css -> 200 OK", "GET /api/v1/auth/me -> 401 Unauthorized");
    }

    @Test
    void aRoleThatCannotStartFailsTheRun() {
        assertThatThrownBy(() -> TrainingRun.run(new Env(Map.of("DATA_DIR", dir.toString(), "JWT_SECRET", "short"))))
                .isInstanceOf(dev.todoctl.app.config.ConfigException.class);
    }

    /** The image build runs this: a server error must fail the build rather than archive a broken start. */
    @Test
    void aServerErrorFailsTheRun() throws Exception {
        HttpServer broken = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        broken.createContext("/", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        broken.start();
        try {
            assertThatThrownBy(() -> TrainingRun.exercise(broken.getAddress().getPort(), "/health"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("GET /health answered 'HTTP/1.1 503");
        } finally {
            broken.stop(0);
        }
    }

    @Test
    void noServerFailsTheRun() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertThatThrownBy(() -> TrainingRun.exercise(port, "/health")).isInstanceOf(IOException.class);
    }
}
