package dev.todoctl.cli.platform;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("HttpProbe over plain http (one GET on a socket, no TLS set-up)")
class HttpProbeTest {
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ready", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}", false));
        server.createContext("/down", exchange -> answer(exchange, 503, "{\"status\":\"DOWN\"}", false));
        server.createContext("/chunked", exchange -> answer(exchange, 200, "a".repeat(20_000), true));
        server.createContext("/empty", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ready");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 200, "late", false);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body, boolean chunked)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    @DisplayName("2xx with its body; 5xx with its body (the api's DOWN report), not as 'no answer'")
    void statusAndBody() {
        HttpProbe probe = new HttpProbe();
        assertThat(probe.get(base + "/ready")).isEqualTo(new HttpProbe.Answer(200, "{\"status\":\"UP\"}"));
        HttpProbe.Answer down = probe.get(base + "/down");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.ok()).isFalse();
        assertThat(down.body()).contains("DOWN");
        assertThat(probe.get(base + "/chunked").body()).hasSize(20_000);
        assertThat(probe.get(base + "/empty")).isEqualTo(new HttpProbe.Answer(204, ""));
    }

    @Test
    @DisplayName("a redirect is reported, not followed (as the HttpClient it replaces did)")
    void redirectNotFollowed() {
        assertThat(new HttpProbe().get(base + "/moved").status()).isEqualTo(302);
    }

    @Test
    @DisplayName("an answer framed by Content-Length ends there, on a server that keeps the connection open (Helidon)")
    void keptOpen() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (var socket = listener.accept()) {
                    socket.getInputStream().read(new byte[4096]);
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n{\"status\":\"UP\"}")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    Thread.sleep(10_000);
                } catch (IOException | InterruptedException e) {
                    // the test ended
                }
            });
            HttpProbe.Answer answer = new HttpProbe(Duration.ofSeconds(5))
                    .get("http://127.0.0.1:" + listener.getLocalPort() + "/health/ready");
            assertThat(answer).isEqualTo(new HttpProbe.Answer(200, "{\"status\":\"UP\"}"));
            server.interrupt();
        }
    }

    @Test
    @DisplayName("no listener, or no answer within the timeout: -1 with the reason")
    void noAnswer() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        HttpProbe.Answer refused = new HttpProbe().get("http://127.0.0.1:" + closed + "/health/ready");
        assertThat(refused.status()).isEqualTo(-1);
        assertThat(refused.body()).containsIgnoringCase("refused");
        HttpProbe.Answer late = new HttpProbe(Duration.ofMillis(300)).get(base + "/slow");
        assertThat(late.status()).isEqualTo(-1);
        assertThat(late.body()).containsIgnoringCase("timed out");
    }
}
