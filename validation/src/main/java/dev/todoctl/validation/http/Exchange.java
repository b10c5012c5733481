package dev.todoctl.validation.http;

import java.time.Duration;
import java.util.Map;

/**
 * One HTTP request and what came back, already redacted: safe to put in a report or an evidence bundle.
 * {@code status} is -1 when no response arrived ({@code responseBody} then says why).
 */
public record Exchange(String method, String url, Map<String, String> requestHeaders, String requestBody,
                       int status, Map<String, String> responseHeaders, String responseBody, Duration duration) {

    public Exchange {
        requestHeaders = Map.copyOf(requestHeaders);
        responseHeaders = Map.copyOf(responseHeaders);
    }

    /** Short form for failure messages: request line, body, status line, body (each truncated). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(url).append('\n');
        if (!requestHeaders.isEmpty()) {
            sb.append("  request headers: ").append(new java.util.TreeMap<>(requestHeaders)).append('\n');
        }
        if (requestBody != null && !requestBody.isEmpty()) {
            sb.append("  request body: ").append(truncate(requestBody, 600)).append('\n');
        }
        sb.append("  -> ").append(status < 0 ? "no response" : "HTTP " + status)
                .append(" in ").append(duration.toMillis()).append(" ms\n");
        if (!responseHeaders.isEmpty()) {
            sb.append("  response headers: ").append(truncate(new java.util.TreeMap<>(responseHeaders).toString(), 400))
                    .append('\n');
        }
        if (responseBody != null && !responseBody.isEmpty()) {
            sb.append("  response body: ").append(truncate(responseBody, 600)).append('\n');
        }
        return sb.toString();
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…(" + (s.length() - max) + " more chars)";
    }
}
