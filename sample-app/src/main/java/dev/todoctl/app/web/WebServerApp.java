package dev.todoctl.app.web;

import dev.todoctl.app.logging.Logs;
import dev.todoctl.app.http.ClientErrors;
import dev.todoctl.app.http.Servers;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.FileSystemHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The web service: the browser UI (static files from the classpath folder {@code web/}), the {@code /api/*}
 * reverse proxy to the api service, and its own health endpoints. {@link #routing} is the whole HTTP surface.
 * Stops gracefully on SIGTERM (Helidon's shutdown hook finishes in-flight requests).
 */
public final class WebServerApp implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebServerApp.class.getName());

    private final WebServer server;
    private final ApiClient api;

    private WebServerApp(WebServer server, ApiClient api) {
        this.server = server;
        this.api = api;
    }

    public static WebServerApp start(WebConfig config) {
        ApiClient api = new ApiClient(config);
        WebServer server = Servers.start(Servers.builder(config.host(), config.port())
                .shutdownHook(true)
                .maxPayloadSize(ApiProxy.MAX_FORWARDED_BODY * 4L)
                .routing(r -> routing(r, api, config.staticDir())), "web");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("port", server.port());
        fields.put("api_url", config.apiUrl().toString());
        fields.put("connect_timeout", config.connectTimeout().toString());
        fields.put("read_timeout", config.readTimeout().toString());
        config.staticDir().ifPresent(dir -> fields.put("static_dir", dir.toString()));
        Logs.event(LOG, Level.INFO, "web started", fields);
        return new WebServerApp(server, api);
    }

    public static void routing(HttpRouting.Builder routing, ApiClient api) {
        routing(routing, api, Optional.empty());
    }

    /**
     * With {@code staticDir}, its files come first (read from disk on every request, no in-memory cache); a path it
     * does not have falls through to the bundled UI.
     */
    public static void routing(HttpRouting.Builder routing, ApiClient api, Optional<Path> staticDir) {
        routing.addFilter(new WebFilters())
                .addFilter(ClientErrors.requestTargetLimit())
                .register("/health", new WebHealth(api))
                .register("/api", new ApiProxy(api));
        staticDir.ifPresent(dir -> routing.register("/", StaticContentFeature.createService(FileSystemHandlerConfig.builder()
                .location(dir)
                .welcome("index.html")
                .build())));
        routing.register("/", StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                        .location("web")
                        .welcome("index.html")
                        .build()));
        ClientErrors.register(routing);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        api.close();
    }
}
