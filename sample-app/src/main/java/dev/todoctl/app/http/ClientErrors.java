package dev.todoctl.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where requests Helidon refuses by itself get the API's error body, for the api and the web alike.
 * Helidon answers an oversized request target or declared body, a malformed prologue or header before any handler
 * runs, with a bare status and a text body; and it throws its own {@link HttpException}s (e.g. for a header it
 * cannot parse) into the routing, where, unmapped, they would become 500s. the api contract: every 4xx carries
 * {@code {error:{code,message}}} and a client mistake never yields a 5xx.
 */
public final class ClientErrors {
    /** the api contract: a request target over 8 KiB is 414 {@code uri_too_long}. */
    public static final int MAX_REQUEST_TARGET = 8 * 1024;
    /**
     * Helidon's limit on the whole request line ({@code METHOD SP target SP HTTP/1.1}): room for the longest
     * standard method around an 8 KiB target, so that {@link #requestTargetLimit()} decides exactly at 8 KiB.
     */
    public static final int MAX_PROLOGUE = MAX_REQUEST_TARGET + 32;

    private ClientErrors() {
    }

    /** The stable code the api contract pairs with a client-error status. */
    static String code(Status status) {
        return switch (status.code()) {
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 422 -> "validation_failed";
            default -> status.code() >= 500 ? "internal_error" : "bad_request";
        };
    }

    private static String message(Status status) {
        return switch (status.code()) {
            case 413 -> "request body too large";
            case 414 -> "request target exceeds " + MAX_REQUEST_TARGET + " bytes";
            case 431 -> "request headers too large";
            default -> status.code() >= 500 ? "internal error" : "malformed request (" + status.reasonPhrase() + ")";
        };
    }

    static byte[] body(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        try {
            return Json.MAPPER.writeValueAsBytes(Map.of("error", error));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For the server's listener: Helidon's own refusals with the error body. Helidon's message is not echoed (it
     * can quote the offending request); the connection is closed, as its body may not have been read.
     */
    public static DirectHandlers directHandlers() {
        DirectHandler handler = (request, event, status, headers, message) -> {
            headers.set(HeaderValues.CONTENT_TYPE_JSON);
            headers.set(HeaderNames.CACHE_CONTROL, "no-store");
            var response = DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .keepAlive(false);
            if (!"HEAD".equals(request.method())) {
                response.entity(body(code(status), message(status)));
            }
            return response.build();
        };
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (DirectHandler.EventType event : DirectHandler.EventType.values()) {
            builder.addHandler(event, handler);
        }
        return builder.build();
    }

    /** For a routing: Helidon's exceptions with a client-error status answered as such, with the error body. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(HttpException.class, (req, res, e) -> {
            if (e.status().code() >= 500) {
                throw e;
            }
            Json.sendError(req, res, new ApiException(e.status(), code(e.status()), message(e.status()), null));
        });
    }

    /** A filter answering 414 for a request target over {@link #MAX_REQUEST_TARGET} bytes. */
    public static Filter requestTargetLimit() {
        return ClientErrors::limitRequestTarget;
    }

    private static void limitRequestTarget(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        var prologue = req.prologue();
        String query = prologue.query().rawValue();
        String fragment = prologue.fragment().hasValue() ? prologue.fragment().rawValue() : "";
        long length = prologue.uriPath().rawPath().length()
                + (query == null || query.isEmpty() ? 0 : query.length() + 1)
                + (fragment.isEmpty() ? 0 : fragment.length() + 1);
        if (length > MAX_REQUEST_TARGET) {
            Json.sendError(req, res, new ApiException(Status.REQUEST_URI_TOO_LONG_414, "uri_too_long",
                    message(Status.REQUEST_URI_TOO_LONG_414), null));
            return;
        }
        chain.proceed();
    }
}
