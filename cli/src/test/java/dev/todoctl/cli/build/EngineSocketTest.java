package dev.todoctl.cli.build;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("EngineSocket: GET /version on a Unix socket without docker-java")
class EngineSocketTest {
    @TempDir
    Path dir;

    /** A one-connection server on a Unix socket that reads the request and writes {@code answer} (null: says nothing). */
    private Path serve(String answer) throws IOException {
        Path socket = dir.resolve("engine.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(() -> {
            try (server; SocketChannel client = server.accept()) {
                client.read(ByteBuffer.allocate(4096));
                if (answer == null) {
                    Thread.sleep(3_000);
                    return;
                }
                client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException | InterruptedException e) {
                // the test is over
            }
        });
        return socket;
    }

    @Test
    @DisplayName("an engine's answer, with Content-Length or chunked")
    void version() throws IOException {
        String body = "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"Os\":\"linux\"}";
        assertThat(EngineSocket.version(serve("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body), Duration.ofSeconds(2)))
                .isEqualTo(new DockerEngine.EngineVersion("20.10.24", "1.41"));
        java.nio.file.Files.delete(dir.resolve("engine.sock"));
        String chunked = Integer.toHexString(10) + "\r\n" + body.substring(0, 10) + "\r\n"
                + Integer.toHexString(body.length() - 10) + "\r\n" + body.substring(10) + "\r\n0\r\n\r\n";
        assertThat(EngineSocket.version(serve("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked),
                Duration.ofSeconds(2))).isEqualTo(new DockerEngine.EngineVersion("20.10.24", "1.41"));
    }

    @Test
    @DisplayName("refused: not an engine's 200, not HTTP, no answer in time")
    void refusals() throws IOException {
        assertThatThrownBy(() -> EngineSocket.version(serve("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"),
                Duration.ofSeconds(2))).hasMessageContaining("it answered HTTP/1.1 500 Internal Server Error");
        java.nio.file.Files.delete(dir.resolve("engine.sock"));
        assertThatThrownBy(() -> EngineSocket.version(serve("SSH-2.0-OpenSSH\r\n"), Duration.ofSeconds(2)))
                .hasMessageContaining("not an HTTP answer");
        java.nio.file.Files.delete(dir.resolve("engine.sock"));
        assertThatThrownBy(() -> EngineSocket.version(serve("HTTP/1.1 200 OK\r\n\r\n{\"message\":\"hi\"}"), Duration.ofSeconds(2)))
                .hasMessageContaining("no Version/ApiVersion");
        java.nio.file.Files.delete(dir.resolve("engine.sock"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> EngineSocket.version(serve(null), Duration.ofMillis(300)))
                .hasMessageContaining("no answer within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("an engine restarting underneath (its socket there, nobody listening): said so, not a hang")
    void engineGone() throws IOException {
        Path socket = dir.resolve("gone.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        StringBuilder whyNot = new StringBuilder();
        Optional<DockerEngine.EngineVersion> version = new DockerEngine(new DockerEngine.Endpoint("unix://" + socket,
                Optional.empty(), "Docker engine at unix://" + socket)).version(whyNot);
        assertThat(version).isEmpty();
        assertThat(whyNot.toString()).startsWith("Docker engine at unix://" + socket + " does not answer:")
                .containsIgnoringCase("refused");
        whyNot.setLength(0);
        assertThat(new DockerEngine(new DockerEngine.Endpoint("unix://" + dir.resolve("none.sock"), Optional.empty(), "x"))
                .version(whyNot)).isEmpty();
        assertThat(whyNot.toString()).isEqualTo("no Docker socket at " + dir.resolve("none.sock"));
    }
}
