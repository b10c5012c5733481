package dev.todoctl.app.web;

import dev.todoctl.app.config.ConfigException;
import dev.todoctl.app.config.Env;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything the web service (UI + {@code /api/*} proxy) reads from its environment; see README "Configuration".
 *
 * @param host           {@code HOST}, interface to bind (default {@code 0.0.0.0})
 * @param port           {@code PORT} (default 8000; 0 picks a free port)
 * @param apiUrl         {@code API_URL}, base URL of the api service (default {@code http://localhost:8080}),
 *                       without a trailing slash
 * @param connectTimeout {@code API_CONNECT_TIMEOUT} (default 2s): how long to wait for a connection to the api
 * @param readTimeout    {@code API_READ_TIMEOUT} (default 60s): how long to wait for the api's answer (chat
 *                       replies may call a language model, so this is generous)
 * @param staticDir      {@code WEB_STATIC_DIR} (unset by default): a directory whose files are served before the
 *                       bundled UI's, read on every request — {@code todoctl dev} points it at the sources so a saved
 *                       asset is served at once, with no rebuild. Must be an existing directory.
 */
public record WebConfig(String host, int port, URI apiUrl, Duration connectTimeout, Duration readTimeout,
                        Optional<Path> staticDir) {

    public WebConfig {
        String s = apiUrl.toString();
        if (s.endsWith("/")) {
            apiUrl = URI.create(s.substring(0, s.length() - 1));
        }
    }

    public static WebConfig from(Env env) {
        return new WebConfig(
                env.get("HOST", "0.0.0.0"),
                env.integer("PORT", 8000, 0, 65535),
                apiUrl(env.get("API_URL", "http://localhost:8080")),
                env.duration("API_CONNECT_TIMEOUT", Duration.ofSeconds(2)),
                env.duration("API_READ_TIMEOUT", Duration.ofSeconds(60)),
                staticDir(env.get("WEB_STATIC_DIR", "")));
    }

    /** Convenience for tests and embedding: defaults for everything but the api's address. */
    public static WebConfig of(String host, int port, String apiUrl) {
        return new WebConfig(host, port, apiUrl(apiUrl), Duration.ofSeconds(2), Duration.ofSeconds(60), Optional.empty());
    }

    public WebConfig withTimeouts(Duration connect, Duration read) {
        return new WebConfig(host, port, apiUrl, connect, read, staticDir);
    }

    public WebConfig withStaticDir(Path dir) {
        return new WebConfig(host, port, apiUrl, connectTimeout, readTimeout, Optional.of(dir));
    }

    private static Optional<Path> staticDir(String raw) {
        if (raw.isBlank()) {
            return Optional.empty();
        }
        Path dir;
        try {
            dir = Path.of(raw.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException("WEB_STATIC_DIR=" + raw + " is not a valid path: " + e.getReason());
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("WEB_STATIC_DIR=" + raw + " is not an existing directory");
        }
        return Optional.of(dir);
    }

    private static URI apiUrl(String raw) {
        try {
            URI uri = new URI(raw.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigException("API_URL=" + raw + " must be an absolute http(s) URL, e.g. http://api:8080");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new ConfigException("API_URL=" + raw + " must not have a query or fragment");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("API_URL=" + raw + " is not a valid URL: " + e.getReason());
        }
    }
}
