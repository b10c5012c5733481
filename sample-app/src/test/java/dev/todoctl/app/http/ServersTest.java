package dev.todoctl.app.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ServersTest {
    @Test
    void theGlobalMapperManagerIsOneInstanceOnceAServerIsBuilt() {
        Servers.builder("127.0.0.1", 0);
        // Helidon 4.4.0 without the pin builds a new one per call (helidon-io/helidon#11383)
        assertTrue(Servers.globalMappersPinned());
    }
}
