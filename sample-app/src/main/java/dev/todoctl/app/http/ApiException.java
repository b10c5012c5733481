package dev.todoctl.app.http;

import io.helidon.http.Status;

import java.util.Map;

/**
 * A client-visible failure: rendered as {@code {error:{code, message, details?}}} with the given status.
 * Every client mistake is one of these, so no client mistake can reach the 500 handler.
 */
public final class ApiException extends RuntimeException {
    private final Status status;
    private final String code;
    private final Map<String, Object> details;

    public ApiException(Status status, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Status.BAD_REQUEST_400, "bad_request", message, null);
    }

    public static ApiException validation(String message, Map<String, Object> details) {
        return new ApiException(Status.UNPROCESSABLE_CONTENT_422, "validation_failed", message, details);
    }

    public static ApiException validation(String field, String problem) {
        return validation(field + ": " + problem, Map.of("field", field, "problem", problem));
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(Status.UNAUTHORIZED_401, "unauthorized", message, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Status.NOT_FOUND_404, "not_found", message, null);
    }

    public static ApiException conflict(String message) {
        return new ApiException(Status.CONFLICT_409, "conflict", message, null);
    }

    public static ApiException payloadTooLarge(long limit) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, "payload_too_large",
                "request body exceeds " + limit + " bytes", Map.of("limit_bytes", limit));
    }

    public static ApiException unsupportedMediaType(String got) {
        return new ApiException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type",
                "request body must be application/json" + (got == null ? "" : ", got " + got), null);
    }

    public Status status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
