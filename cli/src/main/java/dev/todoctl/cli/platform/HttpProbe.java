package dev.todoctl.cli.platform;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Small HTTP GETs for readiness and smoke checks; a status of -1 means no answer at all.
 *
 * <p>Plain {@code http://} URLs (every readiness and health URL todoctl probes: 127.0.0.1 ports, port-forwards) are
 * one HTTP/1.1 GET on a {@link Socket}; only {@code https://} builds a JDK {@link HttpClient}. The HttpClient
 * initialises TLS (the SSLContext, the trust store's keys) even for http: a fresh JVM's first GET took 655–1,200 ms
 * that way against 97–161 ms with {@code HttpURLConnection}. HttpURLConnection in turn needs a {@code java.net.URL},
 * and the JDK looks for a URL handler service in every jar of the class path before its first http URL: 114 jars
 * opened, ~0.1 s of each {@code todoctl status} (see bench/README.md). The GET reads the answer as HTTP/1.1 frames it
 * (Content-Length, chunked, or up to the close): Helidon keeps the connection open after {@code Connection: close}.
 * Both ways are set up alike: no proxy, no redirects followed, a 2 s connect timeout, and {@code timeout} to wait
 * for the answer (applied to each read on the socket, to the whole response by the HttpClient — the bodies probed
 * are a few hundred bytes).
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
        String host = uri.getHost() == null ? "" : uri.getHost().replaceAll("^\\[|]$", "");
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try (Socket socket = new Socket(Proxy.NO_PROXY)) {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getRawAuthority() + "\r\nUser-Agent: todoctl\r\n"
                    + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (!statusLine.startsWith("HTTP/1.") || parts.length < 2 || !parts[1].matches("\\d{3}")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring("content-length:".length()).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body = status / 100 == 1 || status == 204 || status == 304 ? new byte[0]
                    : chunked ? dechunk(in) : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
            return new Answer(status, new String(body, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP answer: " + e.getMessage());
        }
    }

    /** One header line (CRLF or LF ended), without its ending; an answer that ends before it is an error. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the answer ended early");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line(in).split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers: none that a probe reads
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new IOException("the answer ended early");
            }
            body.write(chunk);
            line(in);
        }
    }

    private Answer secure(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = client().send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
