package dev.todoctl.cli.verify;

import com.sun.net.httpserver.HttpServer;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.rollout.RolloutResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("SmokeVerifier: the shared smoke checks")
class SmokeVerifierTest {
    private static final RolloutResult ROLLOUT = new RolloutResult(List.of(), Duration.ZERO, List.of());

    /** api and web on one local server; the web's /api proxy answers 502 for the first {@code proxyFailures} calls. */
    static HttpServer app(int proxyFailures, AtomicInteger proxyCalls) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/ready", x -> { x.sendResponseHeaders(200, -1); x.close(); });
        server.createContext("/api/v1/auth/me", x -> {
            x.sendResponseHeaders(proxyCalls.incrementAndGet() <= proxyFailures ? 502 : 401, -1);
            x.close();
        });
        server.createContext("/", x -> { x.sendResponseHeaders(200, -1); x.close(); });
        server.start();
        return server;
    }

    static Map<String, String> urls(HttpServer server) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("api", base, "web", base);
    }

    @Test
    @DisplayName("a check that fails for a moment after the rollout (proxy rules catching up) passes once it answers")
    void transientFailureIsWaitedOut() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = app(2, calls);
        try {
            VerifyResult result = new SmokeVerifier(() -> urls(server), Duration.ofSeconds(5)).verify(ROLLOUT);
            assertThat(result.checks()).hasSize(3);
            assertThat(calls.get()).isEqualTo(3);
        } finally {
            server.stop(0);
        }
    }

    @Test
    @DisplayName("a check that keeps failing fails the smoke check (exit 30) with its last answer, after the patience")
    void lastingFailureFails() throws Exception {
        HttpServer server = app(Integer.MAX_VALUE, new AtomicInteger());
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> new SmokeVerifier(() -> urls(server), Duration.ofSeconds(1)).verify(ROLLOUT))
                    .isInstanceOfSatisfying(TodoctlException.class, e -> assertThat(e.getMessage())
                            .contains("/api/v1/auth/me → 502 (expected 401)"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        } finally {
            server.stop(0);
        }
    }
}
