package dev.todoctl.app.http;

import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServersTest {
    @TempDir
    Path dir;

    @Test
    void theGlobalMapperManagerIsOneInstanceOnceAServerIsBuilt() {
        Servers.builder("127.0.0.1", 0);
        // Helidon 4.4.0 without the pin builds a new one per call (helidon-io/helidon#11383)
        assertTrue(Servers.globalMappersPinned());
    }

    /** Helidon alone logs the bind failure and hands back a server that is not running; the process stayed up. */
    @Test
    void aBusyPortIsAnErrorNotAnIdleProcess() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            assertThatThrownBy(() -> ApiServer.start(ApiConfig.from(new Env(Map.of("PORT", Integer.toString(port),
                    "HOST", "127.0.0.1", "JWT_SECRET", "servers-test-secret-0123456789abcdef0123",
                    "DATA_DIR", dir.resolve("data").toString())))))
                    .isInstanceOf(Servers.ServerStartException.class)
                    .hasMessageContaining("api could not listen on 127.0.0.1:" + port);
        }
    }
}
