package dev.todoctl.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.todoctl.app.support.TestApi;
import dev.todoctl.app.support.TestApi.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the api (its OpenAPI contract: src/main/resources/openapi/todo-api.yaml) against a real api and
 * a real database; subclasses choose the database
 * (H2 embedded, PostgreSQL server). Each test signs up its own users, so tests never share rows.
 */
abstract class ApiEndpointsContract {

    protected abstract TestApi api();

    private String token;

    @BeforeEach
    void freshUser() {
        token = api().newUser();
    }

    private Response createTask(Map<String, Object> body) {
        Response r = api().post("/api/v1/tasks", token, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }

    private long createTask(String title) {
        return createTask(Map.of("title", title)).json().get("id").asLong();
    }

    private List<String> titles(Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(t -> out.add(t.get("title").asText()));
        return out;
    }

    @Nested
    @DisplayName("auth")
    class Auth {
        @Test
        @DisplayName("signup returns a token whose claims are sub, email, iat, exp (24 h)")
        void signupTokenClaims() throws Exception {
            String email = "Claims-" + UUID.randomUUID() + "@Example.com";
            Response r = api().post("/api/v1/auth/signup", null, Map.of("email", email, "password", "password123",
                    "name", "Ada"));
            assertThat(r.status()).isEqualTo(201);
            JsonNode user = r.json().get("user");
            assertThat(user.get("email").asText()).isEqualTo(email);
            assertThat(user.get("name").asText()).isEqualTo("Ada");
            assertThat(user.get("id").asLong()).isPositive();
            String[] parts = r.json().get("token").asText().split("\\.");
            JsonNode header = TestApi.Response.class.cast(new Response(200,
                    new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8), Map.of())).json();
            JsonNode claims = new Response(200,
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8), Map.of()).json();
            assertThat(header.get("alg").asText()).isEqualTo("HS256");
            assertThat(claims.get("sub").asText()).isEqualTo(user.get("id").asText());
            assertThat(claims.get("email").asText()).isEqualTo(email);
            assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(24 * 3600);
        }

        @Test
        @DisplayName("emails are case-insensitive: duplicate is 409, login works in any case")
        void emailCaseInsensitive() {
            String email = "case-" + UUID.randomUUID() + "@example.com";
            assertThat(api().signup(email, "password123").status()).isEqualTo(201);
            Response dup = api().signup(email.toUpperCase(), "password123");
            assertThat(dup.status()).isEqualTo(409);
            assertThat(dup.errorCode()).isEqualTo("conflict");
            Response login = api().post("/api/v1/auth/login", null,
                    Map.of("email", email.toUpperCase(), "password", "password123"));
            assertThat(login.status()).isEqualTo(200);
            assertThat(api().get("/api/v1/auth/me", login.json().get("token").asText()).json().get("email")
                    .asText()).isEqualTo(email);
        }

        @Test
        @DisplayName("wrong password and unknown email are both 401 with the same message")
        void wrongPassword() {
            String email = "pw-" + UUID.randomUUID() + "@example.com";
            api().signup(email, "password123");
            Response wrong = api().post("/api/v1/auth/login", null, Map.of("email", email, "password", "nope-nope"));
            Response unknown = api().post("/api/v1/auth/login", null,
                    Map.of("email", "x" + email, "password", "password123"));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(unknown.status()).isEqualTo(401);
            assertThat(wrong.json().get("error").get("message")).isEqualTo(unknown.json().get("error").get("message"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "{\"email\":\"not-an-email\",\"password\":\"password123\"}",
                "{\"email\":\"ok@example.com\",\"password\":\"short\"}",
                "{\"email\":\"ok@example.com\"}",
                "{\"password\":\"password123\"}",
                "{\"email\":42,\"password\":\"password123\"}"})
        @DisplayName("invalid signup bodies are 422")
        void invalidSignup(String body) {
            Response r = api().send("POST", "/api/v1/auth/signup", null, "application/json", body);
            assertThat(r.status()).as(r.toString()).isEqualTo(422);
            assertThat(r.errorCode()).isEqualTo("validation_failed");
        }

        @Test
        @DisplayName("a signup body that is not a JSON object is malformed: 400 (the api contract)")
        void nonObjectSignup() {
            Response r = api().send("POST", "/api/v1/auth/signup", null, "application/json", "[1,2,3]");
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("bad_request");
        }

        @Test
        @DisplayName("password of 129 characters is rejected, 128 accepted")
        void passwordBounds() {
            String email = "len-" + UUID.randomUUID() + "@example.com";
            assertThat(api().signup(email, "p".repeat(129)).status()).isEqualTo(422);
            assertThat(api().signup(email, "p".repeat(128)).status()).isEqualTo(201);
        }

        @Test
        @DisplayName("missing, malformed, tampered and expired tokens are 401")
        void badTokens() throws Exception {
            assertThat(api().get("/api/v1/tasks", null).status()).isEqualTo(401);
            assertThat(api().get("/api/v1/tasks", "garbage").status()).isEqualTo(401);
            String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
            assertThat(api().get("/api/v1/tasks", tampered).status()).isEqualTo(401);
            Response me = api().get("/api/v1/auth/me", token);
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(me.json().get("id").asText())
                    .claim("email", me.json().get("email").asText())
                    .issueTime(Date.from(Instant.now().minusSeconds(7200)))
                    .expirationTime(Date.from(Instant.now().minusSeconds(60))).build();
            SignedJWT expired = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            expired.sign(new MACSigner(TestApi.SECRET.getBytes(StandardCharsets.UTF_8)));
            Response r = api().get("/api/v1/tasks", expired.serialize());
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("unauthorized");
        }
    }

    @Nested
    @DisplayName("tasks CRUD")
    class Crud {
        @Test
        @DisplayName("create applies defaults; get returns the same task")
        void createDefaults() {
            JsonNode t = createTask(Map.of("title", "write tests")).json();
            assertThat(t.get("description").asText()).isEmpty();
            assertThat(t.get("priority").asText()).isEqualTo("medium");
            assertThat(t.get("tags").isArray() && t.get("tags").isEmpty()).isTrue();
            assertThat(t.get("due_date").isNull()).isTrue();
            assertThat(t.get("completed").asBoolean()).isFalse();
            assertThat(t.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            Response got = api().get("/api/v1/tasks/" + t.get("id").asLong(), token);
            assertThat(got.json()).isEqualTo(t);
        }

        @Test
        @DisplayName("PUT replaces: omitted fields return to defaults, completed only when given")
        void putReplaces() {
            long id = createTask(Map.of("title", "a", "description", "d", "priority", "high",
                    "tags", List.of("x"), "due_date", "2030-01-02")).json().get("id").asLong();
            api().post("/api/v1/tasks/" + id + "/complete", token, null);
            JsonNode t = api().put("/api/v1/tasks/" + id, token, Map.of("title", "b")).json();
            assertThat(t.get("title").asText()).isEqualTo("b");
            assertThat(t.get("description").asText()).isEmpty();
            assertThat(t.get("priority").asText()).isEqualTo("medium");
            assertThat(t.get("tags")).isEmpty();
            assertThat(t.get("due_date").isNull()).isTrue();
            assertThat(t.get("completed").asBoolean()).isTrue();
            t = api().put("/api/v1/tasks/" + id, token, Map.of("title", "c", "completed", false)).json();
            assertThat(t.get("completed").asBoolean()).isFalse();
            assertThat(api().put("/api/v1/tasks/" + id, token, Map.of("description", "no title")).status())
                    .isEqualTo(422);
        }

        @Test
        @DisplayName("PATCH changes only given fields; due_date null clears")
        void patchPartial() {
            long id = createTask(Map.of("title", "a", "description", "d", "priority", "low",
                    "tags", List.of("x", "y"), "due_date", "2030-01-02")).json().get("id").asLong();
            JsonNode t = api().patch("/api/v1/tasks/" + id, token, Map.of("priority", "high")).json();
            assertThat(t.get("priority").asText()).isEqualTo("high");
            assertThat(t.get("description").asText()).isEqualTo("d");
            assertThat(t.get("due_date").asText()).isEqualTo("2030-01-02");
            Map<String, Object> clear = new HashMap<>();
            clear.put("due_date", null);
            clear.put("completed", true);
            t = api().patch("/api/v1/tasks/" + id, token, clear).json();
            assertThat(t.get("due_date").isNull()).isTrue();
            assertThat(t.get("completed").asBoolean()).isTrue();
            assertThat(t.get("tags").toString()).isEqualTo("[\"x\",\"y\"]");
        }

        @Test
        @DisplayName("complete defaults to true and can uncomplete")
        void completeToggle() {
            long id = createTask("toggle");
            assertThat(api().post("/api/v1/tasks/" + id + "/complete", token, null).json().get("completed")
                    .asBoolean()).isTrue();
            assertThat(api().post("/api/v1/tasks/" + id + "/complete", token, Map.of("completed", false)).json()
                    .get("completed").asBoolean()).isFalse();
        }

        @Test
        @DisplayName("delete is 204, then 404")
        void delete() {
            long id = createTask("gone");
            assertThat(api().delete("/api/v1/tasks/" + id, token).status()).isEqualTo(204);
            assertThat(api().get("/api/v1/tasks/" + id, token).status()).isEqualTo(404);
            assertThat(api().delete("/api/v1/tasks/" + id, token).status()).isEqualTo(404);
        }

        @Test
        @DisplayName("hostile strings are stored and returned byte-identical")
        void hostileStrings() {
            String[] hostile = {"'; DROP TABLE tasks; --", "<script>alert('x')</script>", "Ünïcödé 日本語 🎉🚀",
                    "control\u0001\u001f\ttab", "%_\\ like wildcards", "\"quotes\" and \\backslashes\\", "\u202Ertl"};
            for (String s : hostile) {
                JsonNode t = createTask(Map.of("title", s, "description", s, "tags", List.of(s.substring(0,
                        Math.min(s.length(), 10))))).json();
                JsonNode back = api().get("/api/v1/tasks/" + t.get("id").asLong(), token).json();
                assertThat(back.get("title").asText()).isEqualTo(s);
                assertThat(back.get("description").asText()).isEqualTo(s);
            }
            Response nul = api().post("/api/v1/tasks", token, Map.of("title", "nul\u0000byte"));
            assertThat(nul.status()).as(nul.toString()).isEqualTo(422);
            Response search = api().get("/api/v1/tasks?q=%25_", token);
            assertThat(titles(search)).containsExactly("%_\\ like wildcards");
        }

        @Test
        @DisplayName("field limits: title 200, description 2000, 10 tags of 32")
        void fieldLimits() {
            assertThat(api().post("/api/v1/tasks", token, Map.of("title", "t".repeat(200))).status()).isEqualTo(201);
            assertThat(api().post("/api/v1/tasks", token, Map.of("title", "t".repeat(201))).status()).isEqualTo(422);
            assertThat(api().post("/api/v1/tasks", token, Map.of("title", "🎉".repeat(200))).status())
                    .isEqualTo(201);
            assertThat(api().post("/api/v1/tasks", token, Map.of("title", "")).status()).isEqualTo(422);
            assertThat(api().post("/api/v1/tasks", token, Map.of("title", "x", "description", "d".repeat(2001)))
                    .status()).isEqualTo(422);
            List<String> eleven = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                eleven.add("t" + i);
            }
            assertThat(api().post("/api/v1/tasks", token, Map.of("title", "x", "tags", eleven)).status())
                    .isEqualTo(422);
            assertThat(api().post("/api/v1/tasks", token, Map.of("title", "x", "tags", List.of("t".repeat(33))))
                    .status()).isEqualTo(422);
            assertThat(api().post("/api/v1/tasks", token, Map.of("title", "x", "priority", "urgent")).status())
                    .isEqualTo(422);
            assertThat(api().post("/api/v1/tasks", token, Map.of("title", "x", "due_date", "tomorrow")).status())
                    .isEqualTo(422);
            assertThat(api().post("/api/v1/tasks", token, Map.of("title", 7)).status()).isEqualTo(422);
        }
    }

    @Nested
    @DisplayName("list: filters, search, sort, paging")
    class Listing {
        @BeforeEach
        void seed() {
            createTask(Map.of("title", "Buy milk", "priority", "low", "tags", List.of("home"), "due_date",
                    "2030-01-10"));
            createTask(Map.of("title", "call Mom", "priority", "high", "tags", List.of("family", "home")));
            createTask(Map.of("title", "write report", "description", "quarterly MILK numbers", "priority",
                    "medium", "tags", List.of("work"), "due_date", "2030-01-05"));
            long done = createTask(Map.of("title", "archive mail", "priority", "high", "due_date", "2030-01-20"))
                    .json().get("id").asLong();
            api().post("/api/v1/tasks/" + done + "/complete", token, null);
        }

        @Test
        @DisplayName("default order is created_at desc, ties by id")
        void defaultOrder() {
            assertThat(titles(api().get("/api/v1/tasks", token)))
                    .containsExactly("archive mail", "write report", "call Mom", "Buy milk");
        }

        @Test
        @DisplayName("status, priority, tag filters and search combine; total ignores paging")
        void filters() {
            assertThat(titles(api().get("/api/v1/tasks?status=completed", token))).containsExactly("archive mail");
            assertThat(titles(api().get("/api/v1/tasks?status=pending&priority=high", token)))
                    .containsExactly("call Mom");
            assertThat(titles(api().get("/api/v1/tasks?tag=home&sort=title&order=asc", token)))
                    .containsExactly("Buy milk", "call Mom");
            assertThat(titles(api().get("/api/v1/tasks?q=milk&sort=title&order=asc", token)))
                    .containsExactly("Buy milk", "write report");
            Response page = api().get("/api/v1/tasks?limit=1&offset=1", token);
            assertThat(page.json().get("total").asInt()).isEqualTo(4);
            assertThat(page.json().get("limit").asInt()).isEqualTo(1);
            assertThat(page.json().get("offset").asInt()).isEqualTo(1);
            assertThat(titles(page)).containsExactly("write report");
            Response beyond = api().get("/api/v1/tasks?offset=10", token);
            assertThat(beyond.json().get("total").asInt()).isEqualTo(4);
            assertThat(titles(beyond)).isEmpty();
        }

        @Test
        @DisplayName("due_before / due_after are strict and skip tasks without a due date")
        void dueFilters() {
            assertThat(titles(api().get("/api/v1/tasks?due_before=2030-01-10&sort=due_date&order=asc", token)))
                    .containsExactly("write report");
            assertThat(titles(api().get("/api/v1/tasks?due_after=2030-01-05&sort=due_date&order=asc", token)))
                    .containsExactly("Buy milk", "archive mail");
        }

        @Test
        @DisplayName("sort=due_date puts tasks without a due date last in both orders")
        void dueDateSort() {
            assertThat(titles(api().get("/api/v1/tasks?sort=due_date&order=asc", token)))
                    .containsExactly("write report", "Buy milk", "archive mail", "call Mom");
            assertThat(titles(api().get("/api/v1/tasks?sort=due_date&order=desc", token)))
                    .containsExactly("archive mail", "Buy milk", "write report", "call Mom");
        }

        @Test
        @DisplayName("sort=priority ranks low < medium < high; sort=title ignores case")
        void prioritySort() {
            List<String> desc = titles(api().get("/api/v1/tasks?sort=priority&order=desc", token));
            assertThat(desc.subList(0, 2)).containsExactlyInAnyOrder("call Mom", "archive mail");
            assertThat(desc.subList(2, 4)).containsExactly("write report", "Buy milk");
            assertThat(titles(api().get("/api/v1/tasks?sort=title&order=asc", token)))
                    .containsExactly("archive mail", "Buy milk", "call Mom", "write report");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"status=done", "priority=urgent", "sort=nope", "order=up", "limit=0", "limit=101",
                "limit=x", "offset=-1", "due_before=2030-13-01", "due_after=yesterday", "q=%00", "tag=a%00b"})
        @DisplayName("bad query parameters are 400")
        void badParams(String query) {
            Response r = api().get("/api/v1/tasks?" + query, token);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("bad_request");
        }
    }

    @Nested
    @DisplayName("isolation")
    class Isolation {
        @Test
        @DisplayName("another user's task is a 404 for read, change, complete and delete, and never listed")
        void foreignIdIsNotFound() {
            long id = createTask("private");
            String other = api().newUser();
            String path = "/api/v1/tasks/" + id;
            assertThat(api().get(path, other).status()).isEqualTo(404);
            assertThat(api().put(path, other, Map.of("title", "x")).status()).isEqualTo(404);
            assertThat(api().patch(path, other, Map.of("title", "x")).status()).isEqualTo(404);
            assertThat(api().post(path + "/complete", other, null).status()).isEqualTo(404);
            assertThat(api().delete(path, other).status()).isEqualTo(404);
            assertThat(api().get("/api/v1/tasks", other).json().get("total").asInt()).isZero();
            assertThat(api().get(path, token).json().get("title").asText()).isEqualTo("private");
        }
    }

    @Nested
    @DisplayName("client mistakes are 4xx with the error shape, never 5xx")
    class Errors {
        @Test
        void malformedJson() {
            Response r = api().send("POST", "/api/v1/tasks", token, "application/json", "{\"title\": ");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("bad_request");
        }

        @Test
        void nonJsonBody() {
            Response r = api().send("POST", "/api/v1/tasks", token, "text/plain", "title=x");
            assertThat(r.status()).isEqualTo(415);
            assertThat(r.errorCode()).isEqualTo("unsupported_media_type");
        }

        @Test
        void bodyOver64KiB() {
            Response r = api().post("/api/v1/tasks", token, Map.of("title", "x", "description", "d".repeat(70_000)));
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.errorCode()).isEqualTo("payload_too_large");
        }

        @Test
        void unknownIdsAndRoutes() {
            assertThat(api().get("/api/v1/tasks/999999999", token).status()).isEqualTo(404);
            assertThat(api().get("/api/v1/tasks/abc", token).status()).isEqualTo(404);
            Response r = api().get("/api/v1/nothing-here", token);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("not_found");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"null", "\"string\"", "123", "[]", "{\"title\":null}", "{\"title\":[\"a\"]}",
                "{\"title\":\"x\",\"tags\":\"notalist\"}", "{\"title\":\"x\",\"tags\":[1]}",
                "{\"title\":\"x\",\"due_date\":20300101}", "{\"title\":{\"nested\":true}}"})
        @DisplayName("wrong JSON shapes are 400 or 422, never 5xx")
        void wrongShapes(String body) {
            Response r = api().send("POST", "/api/v1/tasks", token, "application/json", body);
            assertThat(r.status()).as(r.toString()).isIn(400, 422);
            assertThat(r.json().get("error").get("code").asText()).isNotBlank();
        }
    }

    @Nested
    @DisplayName("operations")
    class Operations {
        @Test
        void healthAndReadiness() {
            assertThat(api().get("/health", null).json().get("status").asText()).isEqualTo("UP");
            Response ready = api().get("/health/ready", null);
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().get("checks").get("database").asText()).isEqualTo("UP");
        }

        @Test
        @DisplayName("metrics: request histogram per route and status, and the DB pool")
        void metrics() {
            api().get("/api/v1/tasks", token);
            api().get("/api/v1/tasks/424242", token);
            String text = api().get("/metrics", null).body();
            assertThat(text).contains("http_server_requests_seconds_bucket{method=\"GET\",route=\"/api/v1/tasks\"")
                    .contains("route=\"/api/v1/tasks/{id}\",status=\"404\"")
                    .contains("hikaricp_connections_active");
        }

        @Test
        @DisplayName("metrics: made-up paths share one series, so nobody can grow /metrics without bound")
        void metricsCardinalityIsBounded() {
            for (int i = 0; i < 50; i++) {
                assertThat(api().get("/api/v1/nope" + i, token).status()).isEqualTo(404);
                api().get("/x" + i + "/y", null);
            }
            String text = api().get("/metrics", null).body();
            assertThat(text).doesNotContain("nope1").doesNotContain("/x1/y")
                    .contains("route=\"unmatched\",status=\"404\"");
        }

        @Test
        @DisplayName("openapi is served as YAML and JSON and declares the bearer scheme")
        void openapi() {
            Response yaml = api().get("/openapi", null);
            assertThat(yaml.status()).isEqualTo(200);
            assertThat(yaml.body()).startsWith("openapi: 3.0");
            Response json = api().send("GET", "/openapi?format=json", null, null, null);
            JsonNode doc = json.json();
            assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
            assertThat(doc.at("/paths/~1api~1v1~1auth~1signup/post/security").isArray()).isTrue();
        }

        @Test
        @DisplayName("responses carry a request id, taken from the caller when given")
        void requestId() throws Exception {
            String first = requestIdOf(null);
            String second = requestIdOf(null);
            assertThat(first).as("a fresh id when none is given").matches(UUID_TEXT);
            assertThat(second).matches(UUID_TEXT).isNotEqualTo(first);
            assertThat(requestIdOf("trace-42.a_B")).as("the caller's id").isEqualTo("trace-42.a_B");
            // an id that could forge log lines or bloat them is replaced, not echoed
            for (String unsafe : List.of("two words", "x".repeat(65), "a\"b")) {
                assertThat(requestIdOf(unsafe)).as(unsafe).isNotEqualTo(unsafe).matches(UUID_TEXT);
            }
        }

        private static final String UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

        /** The X-Request-Id a GET /health is answered with, sending {@code given} (or none) as the caller's. */
        private String requestIdOf(String given) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api().baseUrl() + "/health"))
                    .timeout(Duration.ofSeconds(20));
            if (given != null) {
                request.header("X-Request-Id", given);
            }
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<Void> r = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                assertThat(r.statusCode()).isEqualTo(200);
                List<String> ids = r.headers().allValues("X-Request-Id");
                assertThat(ids).hasSize(1);
                return ids.getFirst();
            }
        }
    }
}
