package dev.todoctl.cli.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Small HTTP GETs for readiness and smoke checks; a status of -1 means no answer at all. */
public final class HttpProbe {
    /** Built on first use: a JDK HttpClient initialises TLS (~170 classes, the trust store) even for http. */
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
            client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
        }
        return client;
    }

    public record Answer(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    public Answer get(String url) {
        try {
            HttpResponse<String> response = client().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }
}
