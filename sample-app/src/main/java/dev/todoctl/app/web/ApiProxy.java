package dev.todoctl.app.web;

import dev.todoctl.app.logging.Logs;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /api/*} → {@code API_URL/api/*}, so the browser talks to one origin. Method, raw path, raw query,
 * body and the headers the api cares about go through; status, body and the relevant response headers come
 * back unchanged (the api's 4xx JSON errors included). When the api cannot be reached the browser gets
 * 502 {@code bad_gateway} (504 {@code gateway_timeout} when it does not answer in time) in the API's error shape.
 */
public final class ApiProxy implements HttpService {
    /**
     * The api answers 413 above 64 KiB; the proxy forwards somewhat more so that the api, not the proxy, decides.
     * Bodies beyond this are refused here with the same 413 shape.
     */
    static final int MAX_FORWARDED_BODY = 256 * 1024;

    private static final Logger LOG = Logger.getLogger(ApiProxy.class.getName());
    private static final List<HeaderName> REQUEST_HEADERS = List.of(
            HeaderNames.CONTENT_TYPE, HeaderNames.AUTHORIZATION, HeaderNames.ACCEPT, HeaderNames.ACCEPT_LANGUAGE,
            HeaderNames.IF_NONE_MATCH, HeaderNames.create("MCP-Protocol-Version"), HeaderNames.create("Mcp-Session-Id"));

    private final ApiClient api;

    public ApiProxy(ApiClient api) {
        this.api = api;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::forward);
    }

    private void forward(ServerRequest req, ServerResponse res) {
        String path = req.path().absolute().rawPath();
        String query = req.query().rawValue();
        String target = query == null || query.isEmpty() ? path : path + "?" + query;
        Map<HeaderName, String> headers = new LinkedHashMap<>();
        for (HeaderName name : REQUEST_HEADERS) {
            req.headers().first(name).ifPresent(v -> headers.put(name, v));
        }
        headers.put(WebFilters.REQUEST_ID, WebFilters.requestId(req));
        headers.put(HeaderNames.X_FORWARDED_FOR, req.remotePeer().host());
        headers.put(HeaderNames.X_FORWARDED_PROTO, req.isSecure() ? "https" : "http");
        req.headers().first(HeaderNames.HOST).ifPresent(h -> headers.put(HeaderNames.X_FORWARDED_HOST, h));

        byte[] body;
        try {
            body = readBody(req);
        } catch (BodyTooLargeException e) {
            GatewayError.send(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "payload_too_large",
                    "request body exceeds " + MAX_FORWARDED_BODY + " bytes", Map.of("limit_bytes", MAX_FORWARDED_BODY));
            return;
        }
        Method method = req.prologue().method();
        try {
            ApiClient.Answer answer = exchangeWithRetry(method, target, headers, body);
            res.status(Status.create(answer.status()));
            answer.headers().forEach(res::header);
            res.send(answer.body());
        } catch (ApiClient.ApiUnavailableException e) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("request_id", headers.get(WebFilters.REQUEST_ID));
            fields.put("method", method.text());
            fields.put("path", path);
            fields.put("error", e.getMessage());
            Logs.event(LOG, Level.WARNING, "api unavailable", fields);
            if (e.timeout()) {
                GatewayError.send(res, Status.GATEWAY_TIMEOUT_504, "gateway_timeout",
                        "the api did not answer in time, please retry", null);
            } else {
                GatewayError.send(res, Status.BAD_GATEWAY_502, "bad_gateway",
                        "the api is unavailable, please retry shortly", null);
            }
        }
    }

    /**
     * A pooled keep-alive connection may have been closed by an api that restarted: a GET or HEAD that could
     * not even get an answer is tried once more on a fresh connection. Nothing else is retried (not idempotent,
     * or the api was merely slow).
     */
    private ApiClient.Answer exchangeWithRetry(Method method, String target, Map<HeaderName, String> headers,
                                              byte[] body) {
        try {
            return api.exchange(method, target, headers, body);
        } catch (ApiClient.ApiUnavailableException e) {
            if (e.timeout() || !(Method.GET.equals(method) || Method.HEAD.equals(method))) {
                throw e;
            }
            return api.exchange(method, target, headers, body);
        }
    }

    /** The body as bytes ({@code null} when there is none), refusing more than {@link #MAX_FORWARDED_BODY}. */
    private static byte[] readBody(ServerRequest req) {
        var length = req.headers().contentLength();
        if (length.isPresent() && length.getAsLong() > MAX_FORWARDED_BODY) {
            throw new BodyTooLargeException();
        }
        if (!req.content().hasEntity()) {
            return null;
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_FORWARDED_BODY + 1);
            if (bytes.length > MAX_FORWARDED_BODY) {
                throw new BodyTooLargeException();
            }
            return bytes;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException() {
            super(null, null, false, false);
        }
    }
}
