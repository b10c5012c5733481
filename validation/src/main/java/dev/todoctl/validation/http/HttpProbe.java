package dev.todoctl.validation.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one way validation talks to the app: plain HTTP through OkHttp. Every exchange is redacted and kept in a
 * small ring buffer, so a failed check can show the requests that led to it.
 */
public final class HttpProbe {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final int KEPT = 50;

    private final OkHttpClient client;
    private final Redactor redactor;
    private final Deque<Exchange> recent = new ArrayDeque<>();
    private long sent;

    public HttpProbe(Duration timeout, Redactor redactor) {
        this.client = new OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout.multipliedBy(2))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
        this.redactor = redactor;
    }

    public Redactor redactor() {
        return redactor;
    }

    /**
     * Closes the idle keep-alive connections: after the server behind them was replaced (an api restart), a reused
     * one may lead to the old instance — through a port-forward, a stream that ended — and fail a check that is about
     * the new instance. Requests after this open fresh connections, as a new client's would.
     */
    public void forgetConnections() {
        client.connectionPool().evictAll();
    }

    /** A request to send; {@code rawBody} is sent as is (to allow malformed JSON), with {@code contentType}. */
    public record Call(String method, String url, Map<String, String> headers, String rawBody, String contentType) {
        public static Call get(String url) {
            return new Call("GET", url, Map.of(), null, null);
        }

        public static Call of(String method, String url) {
            return new Call(method, url, Map.of(), null, null);
        }

        public Call json(Object body) {
            try {
                String raw = body instanceof String s ? s : JSON.writeValueAsString(body);
                return new Call(method, url, headers, raw, "application/json; charset=utf-8");
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }

        public Call body(String raw, String type) {
            return new Call(method, url, headers, raw, type);
        }

        public Call header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Call(method, url, h, rawBody, contentType);
        }

        public Call bearer(String token) {
            return token == null ? this : header("Authorization", "Bearer " + token);
        }
    }

    /** What came back; {@link #json()} is null when the body is not JSON. */
    public record Reply(int status, Map<String, String> headers, String body, JsonNode json, Exchange exchange) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String contentType() {
            String ct = header("content-type");
            return ct == null ? "" : ct;
        }
    }

    public Reply send(Call call) {
        Request.Builder rb = new Request.Builder().url(call.url());
        call.headers().forEach(rb::header);
        RequestBody body = null;
        if (call.rawBody() != null) {
            // A content type OkHttp cannot parse (or an empty one) still goes out as written, or not at all when
            // empty: what the api does with those is part of what validation checks.
            MediaType type = call.contentType() == null ? JSON_TYPE : MediaType.parse(call.contentType());
            if (type == null && !call.contentType().isEmpty()) {
                rb.header("Content-Type", call.contentType());
            }
            body = RequestBody.create(call.rawBody().getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
        } else if (requiresBody(call.method())) {
            body = RequestBody.create(new byte[0], null);
        }
        rb.method(call.method(), body);
        long start = System.nanoTime();
        int status;
        Map<String, String> headers = new LinkedHashMap<>();
        String text;
        try (Response response = client.newCall(rb.build()).execute()) {
            status = response.code();
            for (String name : response.headers().names()) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", response.headers(name)));
            }
            ResponseBody rbody = response.body();
            text = rbody == null ? "" : rbody.string();
        } catch (IOException e) {
            status = -1;
            text = "no response: " + e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        JsonNode json = null;
        if (status > 0 && !text.isEmpty() && looksJson(text)) {
            try {
                json = JSON.readTree(text);
            } catch (IOException ignored) {
                // not JSON after all; callers see json == null and the raw body
            }
        }
        Exchange ex = exchange(call, status, headers, text, took);
        synchronized (recent) {
            if (recent.size() == KEPT) {
                recent.removeFirst();
            }
            recent.addLast(ex);
            sent++;
        }
        return new Reply(status, Map.copyOf(headers), text, json, ex);
    }

    private static boolean requiresBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static boolean looksJson(String text) {
        char c = text.stripLeading().isEmpty() ? ' ' : text.stripLeading().charAt(0);
        return c == '{' || c == '[';
    }

    private Exchange exchange(Call call, int status, Map<String, String> headers, String body, Duration took) {
        Map<String, String> reqHeaders = new LinkedHashMap<>();
        call.headers().forEach((k, v) -> reqHeaders.put(k, redactor.header(k, v)));
        if (call.contentType() != null) {
            reqHeaders.put("Content-Type", call.contentType());
        }
        Map<String, String> resHeaders = new LinkedHashMap<>();
        headers.forEach((k, v) -> resHeaders.put(k, redactor.header(k, v)));
        return new Exchange(call.method(), call.url(), reqHeaders, redactor.text(call.rawBody()), status, resHeaders,
                redactor.text(body.length() > 20_000 ? body.substring(0, 20_000) : body), took);
    }

    /** A position in the exchange log, for {@link #since}. */
    public long mark() {
        synchronized (recent) {
            return sent;
        }
    }

    /** Exchanges sent after {@code mark}, oldest first; at most the last {@code max} of them. */
    public List<Exchange> since(long mark, int max) {
        synchronized (recent) {
            int n = (int) Math.min(Math.min(sent - mark, recent.size()), max);
            return recent(n);
        }
    }

    /** The last exchanges, oldest first (at most 50). */
    public List<Exchange> recent(int n) {
        synchronized (recent) {
            List<Exchange> all = new ArrayList<>(recent);
            return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        }
    }
}
