package dev.todoctl.app.web;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The web service's only way to talk to the api (as the todo-app frontend's {@code BackendServiceClient}):
 * one {@link WebClient} with connect and read timeouts. Any failure to get an answer becomes an
 * {@link ApiUnavailableException}; every answer the api gives, 4xx and 5xx included, is returned as is.
 */
public final class ApiClient {
    /** Upper bound for an api answer held in memory; the api's biggest page (100 tasks) is far below it. */
    static final int MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

    /** Response headers worth passing back to the browser (Content-Length is recomputed by the server). */
    private static final List<HeaderName> RESPONSE_HEADERS = List.of(
            HeaderNames.CONTENT_TYPE, HeaderNames.CACHE_CONTROL, HeaderNames.WWW_AUTHENTICATE, HeaderNames.LOCATION,
            HeaderNames.RETRY_AFTER, HeaderNames.ETAG, HeaderNames.LAST_MODIFIED, HeaderNames.create("Mcp-Session-Id"));

    private final WebClient client;
    private final String baseUrl;
    private final Duration readTimeout;

    public ApiClient(WebConfig config) {
        this.baseUrl = config.apiUrl().toString();
        this.readTimeout = config.readTimeout();
        this.client = WebClient.builder()
                .baseUri(baseUrl)
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .followRedirects(false)
                .keepAlive(true)
                .sendExpectContinue(false)
                .build();
    }

    /** An answer from the api: status, selected headers, whole body. */
    public record Answer(int status, List<Header> headers, byte[] body) {
    }

    /**
     * Sends one request to the api and reads the whole answer.
     *
     * @param pathAndQuery raw (still encoded) path plus {@code ?query}, starting with {@code /}
     * @param headers      request headers to pass on
     * @param body         request body, or {@code null} for none
     */
    public Answer exchange(Method method, String pathAndQuery, Map<HeaderName, String> headers, byte[] body) {
        return exchange(method, pathAndQuery, headers, body, readTimeout);
    }

    public Answer exchange(Method method, String pathAndQuery, Map<HeaderName, String> headers, byte[] body,
                           Duration timeout) {
        HttpClientRequest request = client.method(method)
                .uri(baseUrl + pathAndQuery)
                .skipUriEncoding(true)
                .readTimeout(timeout);
        headers.forEach((name, value) -> request.header(name, value));
        try (HttpClientResponse response = body == null ? request.request() : request.submit(body)) {
            List<Header> kept = new ArrayList<>();
            for (HeaderName name : RESPONSE_HEADERS) {
                response.headers().first(name).ifPresent(v -> kept.add(io.helidon.http.HeaderValues.create(name, v)));
            }
            byte[] bytes = readBounded(response);
            return new Answer(response.status().code(), List.copyOf(kept), bytes);
        } catch (ApiUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ApiUnavailableException.from(baseUrl, e);
        }
    }

    private static byte[] readBounded(HttpClientResponse response) {
        if (response.status().code() == 204 || response.status().code() == 304) {
            return new byte[0];
        }
        try (InputStream in = response.inputStream()) {
            byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (bytes.length > MAX_RESPONSE_BYTES) {
                throw new ApiUnavailableException(false, "the api's answer exceeds " + MAX_RESPONSE_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public void close() {
        client.closeResource();
    }

    /** The api could not be reached or did not answer in time. */
    public static final class ApiUnavailableException extends RuntimeException {
        private final boolean timeout;

        ApiUnavailableException(boolean timeout, String message) {
            super(message, null, false, false);
            this.timeout = timeout;
        }

        public boolean timeout() {
            return timeout;
        }

        static ApiUnavailableException from(String baseUrl, Throwable e) {
            boolean timeout = false;
            String reason = null;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                        || t instanceof java.util.concurrent.TimeoutException) {
                    timeout = true;
                }
                if (t instanceof ConnectException) {
                    reason = "connection refused";
                }
                if (reason == null && t.getMessage() != null) {
                    reason = t.getMessage();
                }
            }
            if (timeout && (reason == null || !reason.contains("refused"))) {
                reason = "timed out";
            }
            return new ApiUnavailableException(timeout, "api at " + baseUrl + " is unavailable: "
                    + (reason == null ? e.getClass().getSimpleName() : reason));
        }
    }
}
