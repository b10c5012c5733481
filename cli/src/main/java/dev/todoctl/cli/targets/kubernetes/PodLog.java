package dev.todoctl.cli.targets.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One container's log from the API server's {@code pods/{name}/log} endpoint, read once or followed, through the
 * client's own HTTP client (so its TLS, token and exec-credential handling apply).
 *
 * <p>Written here rather than fabric8's {@code getLog()}/{@code watchLog()}: in fabric8 7.x each of those first waits
 * for the pod to be ready or terminal by starting an informer — a list and a watch, opened and closed per call even
 * when no wait is asked for. A log needs none of that: the log of a pod that is shutting down is exactly what a
 * user may want, and it never gets ready. The per-call watch is also what trips fabric8's mock API server, whose
 * watch-close handler blocks its event loop.
 */
final class PodLog {
    private PodLog() {
    }

    /**
     * The API server's "no log for this": 400 (the container is terminated and gone, is waiting to start, has no
     * previous instance) or 404 (the pod is gone). Its message is the API server's. Anything else — 401, 403, 5xx,
     * no connection — is a {@link KubernetesClientException}.
     */
    static final class Unavailable extends RuntimeException {
        final int code;

        Unavailable(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** What to ask for: the previous (crashed) container instead of the current one, the last N lines only. */
    record Query(boolean previous, Integer tailLines) {
        static final Query ALL = new Query(false, null);
    }

    /** The container's log as it is now. */
    static String read(KubernetesClient client, String ns, String pod, String container, Query query) {
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
                .uri(uri(client, ns, pod, container, query, false, null)).build();
        try {
            HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class).get();
            if (!response.isSuccessful()) {
                throw refusal(client, response.code(), response.body(), pod);
            }
            return response.body() == null ? "" : response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while reading the log of pod " + pod, e);
        } catch (ExecutionException e) {
            throw new KubernetesClientException("cannot read the log of pod " + pod + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /**
     * The last {@code lines} lines a crashing container wrote: its previous (crashed) instance's, else — no previous
     * instance, or it wrote nothing — the current one's.
     */
    static String lastLines(KubernetesClient client, String ns, String pod, String container, int lines) {
        String log = "";
        try {
            log = read(client, ns, pod, container, new Query(true, lines));
        } catch (Unavailable e) {
            // no previous instance: the current one's
        }
        return log.isBlank() ? read(client, ns, pod, container, new Query(false, lines)) : log;
    }

    /**
     * Follows the container's log from {@code since} (exclusive; null: from its start), calling {@code line} for each
     * line with the time the kubelet stamped on it. The result ends normally when the API server ends the stream (the
     * container stopped, or the connection was cut), exceptionally with {@link Unavailable} or a
     * {@link KubernetesClientException}.
     */
    static Followed follow(KubernetesClient client, String ns, String pod, String container, Instant since,
                           Consumer<Line> line) {
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
                .uri(uri(client, ns, pod, container, Query.ALL, true, since)).forStreaming().build();
        Followed followed = new Followed();
        Lines lines = new Lines(since, line);
        ByteArrayOutputStream refusal = new ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicBoolean ok = new java.util.concurrent.atomic.AtomicBoolean(true);
        client.getHttpClient().consumeBytes(request, (buffers, body) -> {
            for (ByteBuffer buffer : buffers) {
                if (ok.get()) {
                    lines.accept(buffer);
                } else {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    refusal.writeBytes(bytes);
                }
            }
            body.consume();
        }).whenComplete((response, failure) -> {
            if (failure != null) {
                followed.ended.completeExceptionally(new KubernetesClientException("cannot follow the log of pod "
                        + pod + ": " + failure.getMessage(), failure));
                return;
            }
            ok.set(response.isSuccessful());
            followed.body(response.body());
            response.body().consume();
            response.body().done().whenComplete((done, error) -> {
                if (!ok.get()) {
                    followed.ended.completeExceptionally(refusal(client, response.code(),
                            refusal.toString(StandardCharsets.UTF_8), pod));
                } else {
                    lines.end();
                    followed.ended.complete(null);
                }
            });
        });
        return followed;
    }

    /** A followed log: {@link #ended} completes when the stream does; {@link #close} stops it. */
    static final class Followed implements AutoCloseable {
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        private AsyncBody body;
        private boolean closed;

        private synchronized void body(AsyncBody body) {
            this.body = body;
            if (closed) {
                body.cancel();
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (body != null) {
                body.cancel();
            }
            ended.complete(null);
        }
    }

    /** One log line and the kubelet's time stamp on it (null when the line carried none). */
    record Line(Instant time, String text) {
    }

    /**
     * Splits the byte stream at newlines (decoding whole lines, so a multi-byte character split across buffers stays
     * whole) and strips the kubelet's RFC 3339 time stamp, skipping lines not after {@code since}: a resumed follow
     * asks from the second its last line was stamped in, the API server's finest {@code sinceTime}.
     */
    static final class Lines {
        private final Instant since;
        private final Consumer<Line> sink;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Lines(Instant since, Consumer<Line> sink) {
            this.since = since;
            this.sink = sink;
        }

        void accept(ByteBuffer buffer) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    emit();
                } else {
                    partial.write(b);
                }
            }
        }

        void end() {
            if (partial.size() > 0) {
                emit();
            }
        }

        private void emit() {
            String raw = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            Line line = parse(raw);
            if (since == null || line.time() == null || line.time().isAfter(since)) {
                sink.accept(line);
            }
        }

        static Line parse(String raw) {
            int space = raw.indexOf(' ');
            if (space > 0) {
                try {
                    return new Line(Instant.parse(raw.substring(0, space)), raw.substring(space + 1));
                } catch (DateTimeParseException e) {
                    // not stamped: the whole line is text
                }
            }
            return new Line(null, raw);
        }
    }

    private static URI uri(KubernetesClient client, String ns, String pod, String container, Query query,
                           boolean follow, Instant since) {
        List<String> params = new ArrayList<>();
        params.add("container=" + encode(container));
        if (query.previous()) {
            params.add("previous=true");
        }
        if (query.tailLines() != null) {
            params.add("tailLines=" + query.tailLines());
        }
        if (follow) {
            params.add("follow=true");
            params.add("timestamps=true");
        }
        if (since != null) {
            params.add("sinceTime=" + encode(since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
        }
        return URI.create(URLUtils.join(client.getMasterUrl().toString(), "api", "v1", "namespaces", encode(ns), "pods",
                encode(pod), "log") + "?" + String.join("&", params));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static RuntimeException refusal(KubernetesClient client, int code, String body, String pod) {
        String message = body == null ? "" : body.strip();
        try {
            Status status = client.getKubernetesSerialization().unmarshal(message, Status.class);
            if (status != null && status.getMessage() != null) {
                message = status.getMessage();
            }
        } catch (RuntimeException e) {
            // not a Status: keep the body as it is
        }
        if (code == 400 || code == 404) {
            return new Unavailable(code, message.isEmpty() ? "HTTP " + code : message);
        }
        return new KubernetesClientException("reading the log of pod " + pod + " was refused (HTTP " + code + "): "
                + message, code, null);
    }
}
