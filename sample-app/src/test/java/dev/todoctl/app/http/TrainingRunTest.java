package dev.todoctl.app.http;

import com.sun.net.httpserver.HttpServer;
import dev.todoctl.app.support.TestApi;
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
    void exercisesTheRunningApiAndReportsEachStatus() throws Exception {
        try (TestApi api = TestApi.h2(dir, Map.of())) {
            assertThat(TrainingRun.exercise(api.server().port(), "/health/ready", "/api/v1/tasks?limit=1"))
                    .containsExactly("GET /health/ready -> 200 OK", "GET /api/v1/tasks?limit=1 -> 401 Unauthorized");
        }
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
