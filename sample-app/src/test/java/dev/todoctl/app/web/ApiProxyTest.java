package dev.todoctl.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web service against a fake api on a second Helidon server: what goes through the proxy, what comes back,
 * and what happens when the api is slow, down or not ready.
 */
@DisplayName("web service: /api proxy, health and static UI")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiProxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_ERROR_401 =
            "{\"error\":{\"code\":\"unauthorized\",\"message\":\"missing bearer token\"}}";

    private final AtomicInteger apiReadyStatus = new AtomicInteger(200);
    private WebServer fakeApi;
    private WebServerApp web;
    private HttpClient http;

    @BeforeAll
    void start() {
        fakeApi = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .maxPayloadSize(4L * 1024 * 1024)
                .routing(this::fakeApiRouting)
                .build()
                .start();
        web = WebServerApp.start(WebConfig.of("127.0.0.1", 0, "http://127.0.0.1:" + fakeApi.port())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(800)));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stop() {
        if (web != null) {
            web.close();
        }
        if (fakeApi != null) {
            fakeApi.stop();
        }
    }

    /** The fake api echoes what it received; {@code ?status=N} picks the answer's status. */
    private void fakeApiRouting(HttpRouting.Builder routing) {
        routing.get("/health/ready", (req, res) -> {
                    res.status(Status.create(apiReadyStatus.get()));
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    res.send(apiReadyStatus.get() == 200 ? "{\"status\":\"UP\"}"
                            : "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"database\",\"status\":\"DOWN\"}]}");
                })
                .get("/api/v1/slow", (req, res) -> {
                    Thread.sleep(3000);
                    res.send("too late");
                })
                .get("/api/v1/unauthorized", (req, res) -> {
                    res.status(Status.UNAUTHORIZED_401);
                    res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
                    res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
                    res.send(API_ERROR_401);
                })
                .post("/api/v1/limited", (req, res) -> {
                    byte[] body = req.content().inputStream().readAllBytes();
                    if (body.length > 64 * 1024) {
                        res.status(Status.REQUEST_ENTITY_TOO_LARGE_413);
                        res.header(HeaderNames.CONTENT_TYPE, "application/json");
                        res.send("{\"error\":{\"code\":\"payload_too_large\",\"message\":\"from the api\"}}");
                    } else {
                        res.send("ok " + body.length);
                    }
                })
                .any("/api/*", this::echo);
    }

    private void echo(ServerRequest req, ServerResponse res) throws IOException {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("method", req.prologue().method().text());
        seen.put("path", req.path().rawPath());
        seen.put("query", req.query().rawValue());
        for (String h : new String[] {"Content-Type", "Authorization", "X-Request-Id", "Accept", "Cookie"}) {
            seen.put(h.toLowerCase(), req.headers().first(HeaderNames.create(h)).orElse(null));
        }
        try (InputStream in = req.content().inputStream()) {
            seen.put("body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        int status = req.query().first("status").map(Integer::parseInt).orElse(200);
        res.status(Status.create(status));
        if (status == 204) {
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.LOCATION, "/api/v1/tasks/7");
        res.header(HeaderNames.create("X-Internal-Secret"), "do-not-leak");
        res.send(JSON.writeValueAsBytes(seen));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder to(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + pathAndQuery));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Nested
    @DisplayName("pass-through")
    class PassThrough {

        @Test
        @DisplayName("GET keeps the raw path and query, Authorization, Accept and X-Request-Id")
        void getWithQueryAndHeaders() throws Exception {
            HttpResponse<String> response = send(to("/api/v1/tasks/a%20b?q=caf%C3%A9&tag=x%26y&status=200")
                    .header("Authorization", "Bearer abc.def")
                    .header("Accept", "application/json")
                    .header("X-Request-Id", "req-123")
                    .header("Cookie", "session=should-not-pass"));

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode seen = json(response);
            assertThat(seen.get("method").asText()).isEqualTo("GET");
            assertThat(seen.get("path").asText()).isEqualTo("/api/v1/tasks/a%20b");
            assertThat(seen.get("query").asText()).isEqualTo("q=caf%C3%A9&tag=x%26y&status=200");
            assertThat(seen.get("authorization").asText()).isEqualTo("Bearer abc.def");
            assertThat(seen.get("accept").asText()).isEqualTo("application/json");
            assertThat(seen.get("x-request-id").asText()).isEqualTo("req-123");
            assertThat(seen.get("cookie").isNull()).as("cookies are not forwarded").isTrue();
            assertThat(response.headers().firstValue("X-Request-Id")).contains("req-123");
            assertThat(response.headers().firstValue("Location")).contains("/api/v1/tasks/7");
            assertThat(response.headers().firstValue("X-Internal-Secret")).isEmpty();
        }

        @Test
        @DisplayName("POST forwards the body and Content-Type byte for byte and returns the api's status")
        void postBodyAndStatus() throws Exception {
            String body = "{\"title\":\"<img src=x onerror=alert(1)> «milk» 🥛\",\"tags\":[\"a\"]}";
            HttpResponse<String> response = send(to("/api/v1/tasks?status=201")
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/json"));
            JsonNode seen = json(response);
            assertThat(seen.get("method").asText()).isEqualTo("POST");
            assertThat(seen.get("content-type").asText()).isEqualTo("application/json; charset=utf-8");
            assertThat(seen.get("body").asText()).isEqualTo(body);
        }

        @Test
        @DisplayName("PUT, PATCH and DELETE keep their method; 204 comes back without a body")
        void otherMethods() throws Exception {
            for (String method : new String[] {"PUT", "PATCH"}) {
                HttpResponse<String> response = send(to("/api/v1/tasks/3")
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}")));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(json(response).get("method").asText()).isEqualTo(method);
                assertThat(json(response).get("body").asText()).isEqualTo("{\"title\":\"x\"}");
            }
            HttpResponse<String> deleted = send(to("/api/v1/tasks/3?status=204").DELETE());
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();
        }

        @Test
        @DisplayName("the api's 4xx JSON error comes back unchanged, WWW-Authenticate included")
        void apiErrorsUnchanged() throws Exception {
            HttpResponse<String> response = send(to("/api/v1/unauthorized"));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo(API_ERROR_401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(response.headers().firstValue("Content-Type"))
                    .contains("application/json; charset=utf-8");
        }

        @Test
        @DisplayName("without X-Request-Id the proxy makes one, sends it to the api and echoes it")
        void generatesRequestId() throws Exception {
            HttpResponse<String> response = send(to("/api/v1/tasks"));

            String forwarded = json(response).get("x-request-id").asText();
            assertThat(forwarded).isNotBlank();
            assertThat(response.headers().firstValue("X-Request-Id")).contains(forwarded);
        }

        @Test
        @DisplayName("a body over the api's 64 KiB limit still reaches the api, which answers 413 itself")
        void apiDecidesPayloadLimit() throws Exception {
            byte[] big = new byte[100 * 1024];
            Arrays.fill(big, (byte) 'a');
            HttpResponse<String> response = send(to("/api/v1/limited")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(big)));

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(json(response).at("/error/message").asText()).isEqualTo("from the api");
        }

        @Test
        @DisplayName("a body far beyond the limit is refused by the proxy with 413 payload_too_large")
        void proxyRefusesHugeBodies() throws Exception {
            byte[] huge = new byte[ApiProxy.MAX_FORWARDED_BODY + 10];
            HttpResponse<String> response = send(to("/api/v1/limited")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(huge)));

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("payload_too_large");
        }
    }

    @Nested
    @DisplayName("when the api misbehaves")
    class ApiTrouble {

        @Test
        @DisplayName("api down: 502 bad_gateway in the API's error shape, quickly")
        void apiDown() throws Exception {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            try (WebServerApp orphan = WebServerApp.start(WebConfig.of("127.0.0.1", 0,
                    "http://127.0.0.1:" + closedPort))) {
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + orphan.port() + "/api/v1/tasks"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(response.statusCode()).isEqualTo(502);
                assertThat(json(response).at("/error/code").asText()).isEqualTo("bad_gateway");
                assertThat(json(response).at("/error/message").asText()).isNotBlank();
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        ct -> assertThat(ct).startsWith("application/json"));
                assertThat(took).isLessThan(Duration.ofSeconds(3));

                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + orphan.port() + "/health/ready"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(json(ready).get("status").asText()).isEqualTo("DOWN");
                assertThat(json(ready).at("/api/error").asText()).contains("unavailable");

                HttpResponse<String> live = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + orphan.port() + "/health"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(live.statusCode()).as("liveness never depends on the api").isEqualTo(200);
            }
        }

        @Test
        @DisplayName("api restarted on the same port: the next GET through the proxy works")
        void apiRestarted() throws Exception {
            WebServer first = WebServer.builder().host("127.0.0.1").port(0)
                    .routing(r -> r.get("/api/v1/who", (req, res) -> res.send("first"))).build().start();
            int port = first.port();
            try (WebServerApp proxy = WebServerApp.start(WebConfig.of("127.0.0.1", 0, "http://127.0.0.1:" + port))) {
                URI uri = URI.create("http://127.0.0.1:" + proxy.port() + "/api/v1/who");
                assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body())
                        .isEqualTo("first");
                first.stop();
                WebServer second = WebServer.builder().host("127.0.0.1").port(port)
                        .routing(r -> r.get("/api/v1/who", (req, res) -> res.send("second"))).build().start();
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).isEqualTo("second");
                } finally {
                    second.stop();
                }
            }
        }

        @Test
        @DisplayName("api too slow: 504 gateway_timeout after the read timeout, never a hang")
        void apiTooSlow() throws Exception {
            long start = System.nanoTime();
            HttpResponse<String> response = send(to("/api/v1/slow"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("gateway_timeout");
            assertThat(took).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Nested
    @DisplayName("health")
    class Health {

        @Test
        @DisplayName("/health is 200 {status:UP}")
        void liveness() throws Exception {
            HttpResponse<String> response = send(to("/health"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).get("status").asText()).isEqualTo("UP");
        }

        @Test
        @DisplayName("/health/ready mirrors the api's readiness and carries its body")
        void readinessMirrorsApi() throws Exception {
            apiReadyStatus.set(200);
            HttpResponse<String> up = send(to("/health/ready"));
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(json(up).get("status").asText()).isEqualTo("UP");
            assertThat(json(up).at("/api/body/status").asText()).isEqualTo("UP");

            apiReadyStatus.set(503);
            try {
                HttpResponse<String> down = send(to("/health/ready"));
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(json(down).get("status").asText()).isEqualTo("DOWN");
                assertThat(json(down).at("/api/http_status").asInt()).isEqualTo(503);
                assertThat(json(down).at("/api/body/checks/0/name").asText()).isEqualTo("database");
            } finally {
                apiReadyStatus.set(200);
            }
        }
    }

    @Nested
    @DisplayName("static UI")
    class StaticUi {

        @Test
        @DisplayName("/ serves index.html with a strict Content-Security-Policy")
        void index() throws Exception {
            HttpResponse<String> response = send(to("/"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("text/html"));
            assertThat(response.body()).contains("<main", "app.js", "app.css");
            assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    csp -> assertThat(csp).contains("default-src 'self'", "script-src 'self'"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }

        @Test
        @DisplayName("the script, stylesheet and icon are served from this origin with proper types")
        void assets() throws Exception {
            assertThat(send(to("/app.js")).headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).contains("javascript"));
            assertThat(send(to("/app.css")).headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("text/css"));
            assertThat(send(to("/favicon.svg")).statusCode()).isEqualTo(200);
            assertThat(send(to("/nope.html")).statusCode()).isEqualTo(404);
        }

        @Test
        @DisplayName("the UI never uses innerHTML or third-party URLs")
        void noInnerHtmlNoCdn() throws Exception {
            String js = send(to("/app.js")).body();
            String html = send(to("/")).body();
            String css = send(to("/app.css")).body();

            assertThat(js).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
            assertThat(html + js + css).doesNotContainPattern("(src|href)=\"(https?:)?//");
            assertThat(css).doesNotContain("@import", "url(http");
        }
    }
}
