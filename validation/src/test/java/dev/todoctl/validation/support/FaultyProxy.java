package dev.todoctl.validation.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A reverse proxy in front of the real app that breaks it on purpose: each {@link Fault} may answer a request
 * itself or rewrite the real response. Used to prove every validator catches the defect it is meant to catch.
 */
public final class FaultyProxy implements AutoCloseable {
    private static final Set<String> HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    /** A request as the proxy received it. */
    public record Req(String method, String path, String query, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A response, mutable through {@code with*} copies. */
    public record Resp(int status, Map<String, String> headers, String body) {
        public Resp withBody(String b) {
            return new Resp(status, headers, b);
        }

        public Resp withStatus(int s) {
            return new Resp(s, headers, body);
        }

        public Resp withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name.toLowerCase(Locale.ROOT), value);
            return new Resp(status, h, body);
        }

        public static Resp json(int status, String body) {
            return new Resp(status, Map.of("content-type", "application/json"), body);
        }
    }

    /** One defect. Both methods default to "behave". */
    public interface Fault {
        default Optional<Resp> answer(Req req) {
            return Optional.empty();
        }

        default Resp rewrite(Req req, Resp resp) {
            return resp;
        }
    }

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String upstream;
    private final List<Fault> faults;

    public FaultyProxy(String upstream, Fault... faults) throws IOException {
        this.upstream = upstream;
        this.faults = List.of(faults);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            URI uri = ex.getRequestURI();
            Req req = new Req(ex.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body);
            Resp resp = null;
            for (Fault f : faults) {
                Optional<Resp> a = f.answer(req);
                if (a.isPresent()) {
                    resp = a.get();
                    break;
                }
            }
            if (resp == null) {
                resp = forward(req);
            }
            for (Fault f : faults) {
                resp = f.rewrite(req, resp);
            }
            resp.headers().forEach((k, v) -> {
                if (!HOP.contains(k)) {
                    ex.getResponseHeaders().set(k, v);
                }
            });
            byte[] out = resp.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(resp.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (Exception e) {
            ex.sendResponseHeaders(599, -1);
        }
    }

    private Resp forward(Req req) throws IOException, InterruptedException {
        String target = upstream + req.path() + (req.query() == null ? "" : "?" + req.query());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                .method(req.method(), req.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(req.body()));
        req.headers().forEach((k, v) -> {
            if (!HOP.contains(k)) {
                b.header(k, v);
            }
        });
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> h = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
        return new Resp(r.statusCode(), h, r.body());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
