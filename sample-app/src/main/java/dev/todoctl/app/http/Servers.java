package dev.todoctl.app.http;

import io.helidon.common.mapper.MapperManager;
import io.helidon.common.socket.SocketOptions;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The Helidon server settings the api and the web share, with the work-arounds Helidon 4.4.0 needs. */
public final class Servers {
    private static final AtomicBoolean MAPPERS_PINNED = new AtomicBoolean();

    private Servers() {
    }

    public static WebServerConfig.Builder builder(String host, int port) {
        pinGlobalMappers();
        return WebServer.builder()
                .host(host)
                .port(port)
                // Helidon 4.4.0's NIO socket mode (its new default) can stop writing a large body a few KB short of its
                // Content-Length on a non-loopback connection (helidon-io/helidon#11635, #11340; fixed after 4.4.0,
                // which is the newest release resolvable here): /metrics scrapes then hang. Blocking sockets do not.
                .useNio(false)
                // Nagle's algorithm off (Helidon's default is on), as Tomcat, Jetty and Netty servers do: a response
                // is written when it is ready instead of waiting for an ACK. Api benchmark, 3 alternating pairs on a
                // quiet machine: GET p99 32-44 ms with it vs 42-51 ms without; POST p99 13-25 vs 19-21 ms.
                .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
                // What Helidon refuses before routing (oversized target or body, malformed request line or headers)
                // gets the API's error body too; the request line may carry an 8 KiB target (the contract's 414
                // limit; Helidon's default would refuse half of that).
                .directHandlers(ClientErrors.directHandlers())
                .addProtocol(Http1Config.builder().maxPrologueLength(ClientErrors.MAX_PROLOGUE).build());
    }

    /**
     * Builds and starts a server. Helidon logs a listener that cannot bind (a busy port) and returns a server that is
     * not running; this throws instead, so the process ends with an error rather than staying up serving nothing.
     */
    public static WebServer start(WebServerConfig.Builder builder, String what) {
        WebServer server = builder.build().start();
        if (!server.isRunning()) {
            throw new ServerStartException("the " + what + " could not listen on " + builder.host() + ":"
                    + builder.port() + " (port in use or address not available; see the error logged above)");
        }
        return server;
    }

    /** The server did not start; the message says where it could not listen. */
    public static final class ServerStartException extends RuntimeException {
        ServerStartException(String message) {
            super(message);
        }
    }

    /**
     * Helidon 4.4.0 builds a new mapper manager on every {@code MapperManager.global()} (a per-lookup registry
     * service, helidon-io/helidon#11383, fixed in 4.4.1, which is not resolvable here), and its HTTP/1 connection asks
     * for it on every request to read {@code Content-Length}: 15% of the api's CPU under the benchmark, in
     * {@code Services.get}. Setting one instance as the global one makes every later call a field read. Harmless on a
     * Helidon with the fix; drop it with the upgrade. Helidon also tries to put the instance into its service
     * registry, which refuses (the registry's own instance has been handed out) with a warning and a stack trace:
     * expected here, so that one logger is quiet for the call.
     */
    @SuppressWarnings("removal")
    static void pinGlobalMappers() {
        if (MAPPERS_PINNED.compareAndSet(false, true)) {
            Logger globalManagerLog = Logger.getLogger("io.helidon.common.mapper.GlobalManager");
            Level before = globalManagerLog.getLevel();
            globalManagerLog.setLevel(Level.SEVERE);
            try {
                MapperManager.global(Services.get(MapperManager.class));
            } finally {
                globalManagerLog.setLevel(before);
            }
        }
    }

    /** Whether {@code MapperManager.global()} hands out one instance (the regression test of the pin). */
    @SuppressWarnings("removal")
    static boolean globalMappersPinned() {
        return MapperManager.global() == MapperManager.global();
    }
}
