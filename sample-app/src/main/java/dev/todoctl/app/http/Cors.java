package dev.todoctl.app.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.List;
import java.util.Set;

/**
 * CORS for the exact origins in {@code CORS_ALLOWED_ORIGINS}. Any other origin gets no CORS headers, so the
 * browser refuses the response. Written here rather than with helidon-webserver-cors because the rule is this
 * small and must not answer disallowed preflights with a body that hides the API's error shape.
 */
public final class Cors implements Filter {
    private static final String ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String ALLOW_HEADERS = "Authorization, Content-Type, X-Request-Id, Mcp-Session-Id, "
            + "MCP-Protocol-Version";
    private final Set<String> allowed;

    public Cors(List<String> allowedOrigins) {
        this.allowed = Set.copyOf(allowedOrigins);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        boolean permitted = origin != null && (allowed.contains(origin) || allowed.contains("*"));
        if (permitted) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowed.contains("*") ? "*" : origin);
            res.header(HeaderNames.VARY, "Origin");
            res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "X-Request-Id, Mcp-Session-Id");
        }
        boolean preflight = req.prologue().method() == Method.OPTIONS
                && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        if (preflight && origin != null) {
            if (permitted) {
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOW_METHODS);
                res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOW_HEADERS);
                res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
            }
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        chain.proceed();
    }
}
