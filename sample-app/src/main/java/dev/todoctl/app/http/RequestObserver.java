package dev.todoctl.app.http;

import dev.todoctl.app.logging.Logs;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * One filter for every request: a request id (taken from {@code X-Request-Id} when sane, echoed back), the
 * Prometheus histogram {@code http_server_requests_seconds{method,route,status}} and one JSON access-log line.
 * It logs the route template and path only: never headers or bodies, so tokens and passwords cannot leak.
 */
public final class RequestObserver implements Filter {
    public static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final Logger ACCESS = Logger.getLogger("access");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern NUMERIC_SEGMENT = Pattern.compile("/\\d+(?=/|$)");

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public RequestObserver(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String requestId = req.headers().first(REQUEST_ID).filter(id -> SAFE_ID.matcher(id).matches())
                .orElseGet(RequestObserver::newRequestId);
        res.header(REQUEST_ID, requestId);
        try {
            chain.proceed();
        } finally {
            long nanos = System.nanoTime() - start;
            String method = req.prologue().method().text();
            int status = res.status().code();
            String route = route(req, status);
            timer(method, route, status).record(Duration.ofNanos(nanos));
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("request_id", requestId);
            fields.put("method", method);
            fields.put("route", route);
            fields.put("path", req.prologue().uriPath().rawPath());
            fields.put("status", status);
            fields.put("latency_ms", Math.round(nanos / 10_000.0) / 100.0);
            Logs.event(ACCESS, Level.INFO, "request", fields);
        }
    }

    /**
     * A random (version 4 layout) UUID from {@link ThreadLocalRandom}: a request id only has to be unique, and
     * {@code UUID.randomUUID()} draws from the shared SecureRandom, a lock every request queued on.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    /**
     * The route template keeps the metric's cardinality bounded: {@code /api/v1/tasks/{id}}, not every id. A path no
     * route template matched (a wildcard like the web's static files and proxy, or nothing) is named by its path
     * (ids folded) only when it was served; every failure there counts as {@value #UNMATCHED}, or anyone could
     * grow {@code /metrics} without bound with made-up paths.
     */
    static final String UNMATCHED = "unmatched";

    private static String route(RoutingRequest req, int status) {
        String pattern = req.matchingPattern().orElse(null);
        String route;
        if (pattern != null && !pattern.isEmpty() && !pattern.contains("*")) {
            route = pattern;
        } else if (status >= 400) {
            return UNMATCHED;
        } else {
            route = NUMERIC_SEGMENT.matcher(req.prologue().uriPath().rawPath()).replaceAll("/{id}");
        }
        return route.length() > 1 && route.endsWith("/") ? route.substring(0, route.length() - 1) : route;
    }

    private Timer timer(String method, String route, int status) {
        return timers.computeIfAbsent(method + ' ' + route + ' ' + status, k -> Timer.builder("http.server.requests")
                .description("HTTP requests by method, route template and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250))
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry));
    }
}
