package dev.todoctl.cli.platform;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Small HTTP GETs for readiness and smoke checks; a status of -1 means no answer at all.
 *
 * <p>Plain {@code http://} URLs (every readiness and health URL todoctl probes: 127.0.0.1 ports, port-forwards) go
 * through {@link HttpURLConnection}; only {@code https://} builds a JDK {@link HttpClient}. The HttpClient initialises
 * TLS (the SSLContext, the trust store's keys) even for http: a fresh JVM's first GET took 655–1,200 ms that way
 * against 97–161 ms with HttpURLConnection (measured side by side on /health/ready, cold JVM each), which was most of
 * {@code todoctl status}. Both are set up alike: no proxy, no redirects followed, a 2 s connect timeout, and
 * {@code timeout} to wait for the answer (HttpURLConnection applies it to each read, the HttpClient to the whole
 * response — the bodies probed are a few hundred bytes).
 */
public final class HttpProbe {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /** Built on first https use only. */
    private HttpClient client;
    private final Duration timeout;

    public HttpProbe() {
        this(Duration.ofSeconds(3));
    }

    /** With a longer wait for the answer: the api's readiness takes ~3 s to say its database is DOWN. */
    public HttpProbe(Duration timeout) {
        this.timeout = timeout;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
        }
        return client;
    }

    public record Answer(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    public Answer get(String url) {
        URI uri = URI.create(url);
        try {
            return "http".equalsIgnoreCase(uri.getScheme()) ? plain(uri) : secure(uri);
        } catch (IOException e) {
            return new Answer(-1, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    private Answer plain(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        try {
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) Math.max(1, timeout.toMillis()));
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            int status = connection.getResponseCode();
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            if (body == null) {
                return new Answer(status, "");
            }
            try (body) {
                return new Answer(status, new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            connection.disconnect();
        }
    }

    private Answer secure(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = client().send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
