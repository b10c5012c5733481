package dev.todoctl.app.web;

import dev.todoctl.app.logging.Logs;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * One filter for every request to the web service: a request id (the caller's {@code X-Request-Id} when sane,
 * else a new one; echoed back and passed to the api so both services log the same id), browser security
 * headers, and one JSON access-log line (method, path, status, latency — never headers or bodies).
 */
final class WebFilters implements Filter {
    static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final String CONTEXT_KEY = "todoctl.request-id";
    private static final Logger ACCESS = Logger.getLogger("access");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Everything is served from this origin; no inline script, no third-party anything. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String requestId = req.headers().first(REQUEST_ID).filter(id -> SAFE_ID.matcher(id).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
        req.context().register(CONTEXT_KEY, requestId);
        res.header(REQUEST_ID, requestId);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        if (!req.path().path().startsWith("/api/")) {
            res.header(HeaderNames.create("Content-Security-Policy"), CSP);
        }
        try {
            chain.proceed();
        } finally {
            long nanos = System.nanoTime() - start;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("request_id", requestId);
            fields.put("method", req.prologue().method().text());
            fields.put("path", req.path().absolute().rawPath());
            fields.put("status", res.status().code());
            fields.put("latency_ms", Math.round(nanos / 10_000.0) / 100.0);
            Logs.event(ACCESS, Level.INFO, "request", fields);
        }
    }

    static String requestId(ServerRequest req) {
        return req.context().get(CONTEXT_KEY, String.class).orElseGet(() -> UUID.randomUUID().toString());
    }
}
