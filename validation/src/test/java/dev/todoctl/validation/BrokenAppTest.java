package dev.todoctl.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todoctl.validation.contract.Change;
import dev.todoctl.validation.contract.ContractChecker;
import dev.todoctl.validation.contract.ContractReport;
import dev.todoctl.validation.report.CheckResult;
import dev.todoctl.validation.report.JUnitXmlWriter;
import dev.todoctl.validation.report.JsonReportWriter;
import dev.todoctl.validation.report.Outcome;
import dev.todoctl.validation.report.Report;
import dev.todoctl.validation.report.SummaryTable;
import dev.todoctl.validation.scenario.ScenarioRunner;
import dev.todoctl.validation.scenario.ValidationReport;
import dev.todoctl.validation.support.FaultyProxy;
import dev.todoctl.validation.support.FaultyProxy.Fault;
import dev.todoctl.validation.support.FaultyProxy.Req;
import dev.todoctl.validation.support.FaultyProxy.Resp;
import dev.todoctl.validation.support.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every check proven able to fail: the real app behind a {@link FaultyProxy} that injects one defect, and the
 * assertion that the check meant for that defect reports it (with the request and response as evidence).
 */
@DisplayName("validators catch a deliberately broken app")
class BrokenAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = new LocalStack(tmp);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    // ---------------------------------------------------------------- helpers

    static ValidationReport scenarios(ValidationTarget target, String... ids) {
        return ScenarioRunner.standard().only(List.of(ids)).run(target);
    }

    static List<String> failed(Report report) {
        return report.suites().stream().flatMap(s -> s.checks().stream().filter(CheckResult::failed)
                .map(c -> s.name() + " › " + c.name())).toList();
    }

    static CheckResult check(Report report, String nameStart) {
        return report.suites().stream().flatMap(s -> s.checks().stream())
                .filter(c -> c.name().startsWith(nameStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no check named " + nameStart + " in\n"
                        + SummaryTable.render(report)));
    }

    static void assertCaught(Report report, String checkName, String messagePart) {
        CheckResult c = check(report, checkName);
        assertThat(c.outcome()).as(SummaryTable.render(report)).isEqualTo(Outcome.FAILED);
        assertThat(c.message()).contains(messagePart);
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    static boolean isTask(JsonNode n) {
        return n != null && n.isObject() && n.has("id") && n.has("title") && n.has("completed");
    }

    /** Ignores ownership: every task the proxy has ever seen is readable by and listed for everybody. */
    static final class LeakTasks implements Fault {
        final Map<Long, JsonNode> seen = new ConcurrentHashMap<>();

        @Override
        public Optional<Resp> answer(Req req) {
            if (req.method().equals("GET") && req.path().matches("/api/v1/tasks/\\d+")) {
                JsonNode t = seen.get(Long.parseLong(req.path().substring(req.path().lastIndexOf('/') + 1)));
                if (t != null && req.header("authorization") != null) {
                    return Optional.of(Resp.json(200, t.toString()));
                }
            }
            return Optional.empty();
        }

        @Override
        public Resp rewrite(Req req, Resp resp) {
            JsonNode body = parse(resp.body());
            if (isTask(body)) {
                seen.put(body.get("id").asLong(), body);
            }
            if (req.method().equals("GET") && req.path().equals("/api/v1/tasks") && body != null
                    && body.has("items")) {
                ArrayNode items = (ArrayNode) body.get("items");
                items.forEach(t -> seen.putIfAbsent(t.path("id").asLong(), t));
                List<Long> present = new java.util.ArrayList<>();
                items.forEach(t -> present.add(t.path("id").asLong()));
                seen.forEach((id, t) -> {
                    if (!present.contains(id)) {
                        items.add(t);
                    }
                });
                return resp.withBody(body.toString());
            }
            if (req.path().equals("/mcp") && body != null && body.path("result").path("structuredContent").has("tasks")) {
                ArrayNode tasks = (ArrayNode) body.path("result").path("structuredContent").get("tasks");
                seen.values().forEach(tasks::add);
                return resp.withBody(body.toString());
            }
            return resp;
        }
    }

    // ---------------------------------------------------------------- contract

    @Nested
    @DisplayName("contract check")
    class Contract {
        @Test
        @DisplayName("catches 5xx on bad JSON, a wrong error shape, a dropped field, wrong statuses and leaks")
        void conformanceAndNegativeProbes() throws Exception {
            Fault serverErrorOnBadJson = new Fault() {
                @Override
                public Optional<Resp> answer(Req req) {
                    if (req.path().startsWith("/api/v1/tasks") && !req.body().isEmpty() && parse(req.body()) == null
                            && String.valueOf(req.header("content-type")).contains("json")) {
                        return Optional.of(Resp.json(500, "{\"error\":{\"code\":\"internal_error\",\"message\":\"boom\"}}"));
                    }
                    return Optional.empty();
                }
            };
            Fault badErrorShapeOnSignup = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    return req.path().equals("/api/v1/auth/signup") && resp.status() == 422
                            ? resp.withBody("{\"message\":\"invalid\"}") : resp;
                }
            };
            Fault dropUpdatedAtFromGet = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    JsonNode body = parse(resp.body());
                    if (req.method().equals("GET") && isTask(body)) {
                        ((ObjectNode) body).remove("updated_at");
                        return resp.withBody(body.toString());
                    }
                    return resp;
                }
            };
            Fault createAnswers200 = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    return req.method().equals("POST") && req.path().equals("/api/v1/tasks") && resp.status() == 201
                            ? resp.withStatus(200) : resp;
                }
            };
            Fault chatContinuesAnyConversation = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    return req.path().equals("/api/v1/chat") && resp.status() == 404
                            ? Resp.json(200, "{\"conversation_id\":1,\"reply\":\"hi\",\"tool_calls\":[]}") : resp;
                }
            };
            Fault validationAs400OnPatch = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    return req.method().equals("PATCH") && resp.status() == 422 ? resp.withStatus(400) : resp;
                }
            };
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), new LeakTasks(), serverErrorOnBadJson,
                    badErrorShapeOnSignup, dropUpdatedAtFromGet, createAnswers200, chatContinuesAnyConversation,
                    validationAs400OnPatch)) {
                ContractReport report = ContractChecker.bundled().check(stack.target().withApiUrl(proxy.url()));
                assertCaught(report, "PUT /api/v1/tasks/{id}: malformed JSON", "a client mistake got HTTP 500");
                assertCaught(report, "POST /api/v1/tasks: malformed JSON", "HTTP 500");
                assertCaught(report, "POST /api/v1/auth/signup: missing required field email", "schema: ");
                assertCaught(report, "GET /api/v1/tasks/{id} (getTask)", "updated_at");
                assertCaught(report, "POST /api/v1/tasks (createTask)", "expected HTTP 201, got HTTP 200");
                assertCaught(report, "GET /api/v1/tasks/{id}: another user's id", "expected HTTP 404, got HTTP 200");
                assertCaught(report, "POST /api/v1/chat: another user's conversation_id", "expected HTTP 404, got HTTP 200");
                assertCaught(report, "PATCH /api/v1/tasks/{id}: bad enum for priority", "expected HTTP 422, got HTTP 400");
                CheckResult c = check(report, "POST /api/v1/tasks: malformed JSON");
                assertThat(c.evidence()).singleElement().satisfies(e -> {
                    assertThat(e.requestBody()).contains("unterminated");
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.requestHeaders().get("Authorization")).isEqualTo("Bearer ****");
                });
                // the untouched parts still pass: the failures are the injected defects, not noise
                assertThat(check(report, "GET /health (health)").outcome()).isEqualTo(Outcome.PASSED);
                assertThat(check(report, "POST /api/v1/tasks: missing required field title").outcome())
                        .isEqualTo(Outcome.PASSED);
                JsonReportWriter.write(report, Path.of("target/broken-contract.json"));
            }
        }

        @Test
        @DisplayName("catches drift: a removed path and a changed enum are breaking")
        void drift() throws Exception {
            Fault drifted = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    if (!req.path().equals("/openapi")) {
                        return resp;
                    }
                    ObjectNode doc = (ObjectNode) parse(resp.body());
                    ((ObjectNode) doc.get("paths")).remove("/api/v1/tasks/{id}/complete");
                    ((ArrayNode) doc.at("/components/schemas/Priority/enum")).add("urgent");
                    return resp.withBody(doc.toString());
                }
            };
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), drifted)) {
                List<Change> changes = ContractChecker.bundled().drift(stack.target().withApiUrl(proxy.url()));
                assertThat(changes).filteredOn(Change::breaking).extracting(Change::toString)
                        .anyMatch(s -> s.contains("/api/v1/tasks/{id}/complete") && s.contains("path removed"))
                        .anyMatch(s -> s.contains("priority") && s.contains("enum changed") && s.contains("urgent"));
            }
        }
    }

    // ---------------------------------------------------------------- end-to-end scenarios

    @Nested
    @DisplayName("e2e scenarios")
    class Scenarios {
        @Test
        @DisplayName("1 health: an api that is not ready")
        void notReady() throws Exception {
            Fault notReady = new Fault() {
                @Override
                public Optional<Resp> answer(Req req) {
                    return req.path().equals("/health/ready")
                            ? Optional.of(Resp.json(503, "{\"status\":\"DOWN\",\"checks\":{\"database\":\"DOWN\"}}"))
                            : Optional.empty();
                }
            };
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), notReady)) {
                ValidationReport r = scenarios(stack.target().withApiUrl(proxy.url()), "health");
                assertCaught(r, "api readiness /health/ready is UP", "expected HTTP 200, got HTTP 503");
                assertThat(failed(r)).hasSize(1);
            }
        }

        @Test
        @DisplayName("ValidationRun: a failed phase is reported as such and leaves an evidence bundle with logs")
        void validationRunWritesEvidenceOnFailure() throws Exception {
            Fault notReady = new Fault() {
                @Override
                public Optional<Resp> answer(Req req) {
                    return req.path().equals("/health/ready") ? Optional.of(Resp.json(503, "{\"status\":\"DOWN\"}"))
                            : Optional.empty();
                }
            };
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), notReady)) {
                Path dir = tmp.resolve("run-evidence");
                ValidationRun.Result result = ValidationRun.standard().run(stack.target().withApiUrl(proxy.url()),
                        new ValidationRun.Options(false, true, java.util.Set.of("health"), Optional.of(dir.resolve("j.xml")),
                                Optional.empty(), Optional.of(dir.resolve("evidence"))));
                assertThat(result.e2ePassed()).isFalse();
                assertThat(result.contractPassed()).isTrue();
                assertThat(result.contract()).isEmpty();
                assertThat(result.evidence()).contains(dir.resolve("evidence"));
                assertThat(dir.resolve("evidence/logs/api.log")).exists();
                assertThat(dir.resolve("evidence/failures")).isDirectoryContaining(p -> p.toString().contains("readiness"));
                assertThat(dir.resolve("j.xml")).content().contains("<failure message=\"expected HTTP 200, got HTTP 503\"");
            }
        }

        @Test
        @DisplayName("2 auth: tokens and passwords not checked, duplicates accepted, a token without the email claim")
        void authNotEnforced() throws Exception {
            Fault acceptsAnyToken = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    return req.path().equals("/api/v1/auth/me") && resp.status() == 401
                            ? Resp.json(200, "{\"id\":1,\"email\":\"x@example.com\",\"name\":\"x\"}") : resp;
                }
            };
            Fault tokenWithoutEmail = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    JsonNode body = parse(resp.body());
                    if (req.path().equals("/api/v1/auth/signup") && body != null && body.has("token")) {
                        String[] parts = body.get("token").asText().split("\\.");
                        ObjectNode claims = (ObjectNode) parse(new String(java.util.Base64.getUrlDecoder().decode(parts[1])));
                        claims.remove("email");
                        parts[1] = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toString().getBytes());
                        ((ObjectNode) body).put("token", String.join(".", parts));
                        return resp.withBody(body.toString());
                    }
                    return resp;
                }
            };
            Fault anyPasswordAnyDuplicate = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    if (req.path().equals("/api/v1/auth/login") && resp.status() == 401) {
                        return resp.withStatus(200);
                    }
                    return req.path().equals("/api/v1/auth/signup") && resp.status() == 409 ? resp.withStatus(201) : resp;
                }
            };
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), acceptsAnyToken, tokenWithoutEmail,
                    anyPasswordAnyDuplicate)) {
                ValidationReport r = scenarios(stack.target().withApiUrl(proxy.url()), "auth");
                assertCaught(r, "JWT is HS256 with claims", "claim email");
                assertCaught(r, "garbage token is 401", "expected HTTP 401, got HTTP 200");
                assertCaught(r, "token with a tampered signature is 401", "got HTTP 200");
                assertCaught(r, "token with altered claims", "got HTTP 200");
                assertCaught(r, "unsigned token (alg none) is 401", "got HTTP 200");
                assertCaught(r, "expired token is 401", "got HTTP 200");
                assertCaught(r, "no token is 401", "got HTTP 200");
                assertCaught(r, "wrong password is 401", "expected HTTP 401, got HTTP 200");
                assertCaught(r, "unknown email is 401", "expected HTTP 401, got HTTP 200");
                assertCaught(r, "signup with the same email in other case is 409", "expected HTTP 409, got HTTP 201");
            }
        }

        @Test
        @DisplayName("2 auth: without the secret the expired-token check is skipped with the reason")
        void expiredTokenSkippedWithoutSecret() {
            ValidationTarget noSecret = ValidationTarget.of(stack.apiUrl());
            ValidationReport r = scenarios(noSecret, "auth");
            CheckResult expired = check(r, "expired token is 401");
            assertThat(expired.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(expired.message()).contains("secret was not provided");
            assertThat(failed(r)).isEmpty();
        }

        @Test
        @DisplayName("3 tasks: list in the wrong order and a total that counts the page")
        void tasksWrongOrderAndTotal() throws Exception {
            Fault reverseAndPageTotal = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    JsonNode body = parse(resp.body());
                    if (req.method().equals("GET") && req.path().equals("/api/v1/tasks") && body != null
                            && body.has("items")) {
                        ArrayNode items = (ArrayNode) body.get("items");
                        ArrayNode reversed = JSON.createArrayNode();
                        for (int i = items.size() - 1; i >= 0; i--) {
                            reversed.add(items.get(i));
                        }
                        ((ObjectNode) body).set("items", reversed);
                        ((ObjectNode) body).put("total", reversed.size());
                        return resp.withBody(body.toString());
                    }
                    return resp;
                }
            };
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), reverseAndPageTotal)) {
                ValidationReport r = scenarios(stack.target().withApiUrl(proxy.url()), "tasks");
                assertCaught(r, "default order is created_at desc", "expected [E, D, C, B, A], got [A, B, C, D, E]");
                assertCaught(r, "list ?sort=priority&order=desc", "tasks (by letter)");
                assertCaught(r, "paging:", "total at offset 0: expected 5, got 2");
                assertThat(check(r, "PUT replaces").outcome()).isEqualTo(Outcome.PASSED);
            }
        }

        @Test
        @DisplayName("3 tasks: PUT that keeps old fields, PATCH that drops given ones, complete that does nothing")
        void tasksWrongUpdateSemantics() throws Exception {
            Fault wrongUpdates = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    JsonNode body = parse(resp.body());
                    if (!isTask(body)) {
                        return resp;
                    }
                    ObjectNode t = (ObjectNode) body;
                    switch (req.method()) {
                        case "PUT" -> t.put("description", "to be replaced");          // PUT merged, not replaced
                        case "PATCH" -> t.put("title", "renamed by the server");         // PATCH touched other fields
                        case "POST" -> {
                            if (req.path().endsWith("/complete")) {
                                t.put("completed", false);                               // complete ignored
                            }
                        }
                        default -> { }
                    }
                    return resp.withBody(t.toString());
                }
            };
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), wrongUpdates)) {
                ValidationReport r = scenarios(stack.target().withApiUrl(proxy.url()), "tasks");
                assertCaught(r, "PUT replaces", "description: expected , got to be replaced");
                assertCaught(r, "PATCH changes only the given fields", "title: expected scratch 2, got renamed by the server");
                assertCaught(r, "complete, uncomplete, complete again", "completed after complete: expected true, got false");
            }
        }

        @Test
        @DisplayName("4 chat: an agent that claims to add a task but does not")
        void chatDoesNothing() throws Exception {
            Fault liar = new Fault() {
                @Override
                public Optional<Resp> answer(Req req) {
                    if (req.path().equals("/api/v1/chat") && req.body().contains("buy milk")) {
                        long conv = parse(req.body()).path("conversation_id").asLong(1);
                        return Optional.of(Resp.json(200, "{\"conversation_id\":" + conv + ",\"reply\":\"Done!\","
                                + "\"tool_calls\":[{\"name\":\"add_task\",\"arguments\":{},\"result\":\"ok\"}]}"));
                    }
                    return Optional.empty();
                }
            };
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), liar)) {
                ValidationReport r = scenarios(stack.target().withApiUrl(proxy.url()), "chat");
                assertCaught(r, "\"add a task to buy milk\"", "expected exactly one task matching 'milk'");
                assertCaught(r, "conversation is listed", "user messages in the history");
            }
        }

        @Test
        @DisplayName("4 chat: an agent that claims to complete and delete but does not")
        void chatCompletesAndDeletesNothing() throws Exception {
            Fault liar = new Fault() {
                @Override
                public Optional<Resp> answer(Req req) {
                    if (!req.path().equals("/api/v1/chat")) {
                        return Optional.empty();
                    }
                    String tool = req.body().contains("as done") ? "complete_task"
                            : req.body().contains("delete task") ? "delete_task" : null;
                    if (tool == null) {
                        return Optional.empty();
                    }
                    long conv = parse(req.body()).path("conversation_id").asLong(1);
                    return Optional.of(Resp.json(200, "{\"conversation_id\":" + conv + ",\"reply\":\"Done!\","
                            + "\"tool_calls\":[{\"name\":\"" + tool + "\",\"arguments\":{},\"result\":\"ok\"}]}"));
                }
            };
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), liar)) {
                ValidationReport r = scenarios(stack.target().withApiUrl(proxy.url()), "chat");
                assertThat(check(r, "\"add a task to buy milk\"").outcome()).isEqualTo(Outcome.PASSED);
                assertCaught(r, "\"mark 'buy milk' as done\"", "completed via REST after chat: expected true, got false");
                assertCaught(r, "\"delete task <id>\"", "expected HTTP 404, got HTTP 200");
            }
        }

        @Test
        @DisplayName("5 isolation: another user's task leaks through REST and MCP")
        void leak() throws Exception {
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), new LeakTasks())) {
                ValidationReport r = scenarios(stack.target().withApiUrl(proxy.url()), "isolation");
                System.out.println(SummaryTable.render(r)); // what a human sees, kept in the surefire output
                assertCaught(r, "REST: Bob's list holds only his tasks", "Bob's list contains Alice's task");
                assertCaught(r, "REST: Bob gets 404 for Alice's task", "expected HTTP 404, got HTTP 200");
                assertCaught(r, "MCP: Bob's tools/call", "MCP list_tasks leaked Alice's task");
                CheckResult leak = check(r, "REST: Bob's list holds only his tasks");
                assertThat(leak.message()).contains("GET ").contains("response body");
            }
        }

        @Test
        @DisplayName("6 persistence: the api comes back on an empty database")
        void dataLostOnRestart() {
            stack.loseDataOnNextRestart();
            ValidationReport r = scenarios(stack.target(), "persistence");
            assertThat(check(r, "api restarts and becomes ready").outcome()).isEqualTo(Outcome.PASSED);
            assertThat(check(r, "api restarts and becomes ready").message()).startsWith("recovered (ready again) in ");
            assertCaught(r, "tasks, users and chat history survive", "expected HTTP 200, got HTTP 40");
        }

        @Test
        @DisplayName("6 persistence: skipped with the reason when the target cannot restart the api")
        void persistenceSkippedWithoutHooks() {
            ValidationReport r = scenarios(ValidationTarget.of(stack.apiUrl()), "persistence");
            assertThat(r.count(Outcome.SKIPPED)).isEqualTo(2);
            assertThat(check(r, "api restarts").message()).contains("cannot restart the api");
        }

        @Test
        @DisplayName("7 web: CORS allows every origin, and the web proxy is down")
        void corsAndWebBroken() throws Exception {
            Fault corsStar = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    return resp.withHeader("Access-Control-Allow-Origin", "*");
                }
            };
            Fault gatewayDown = new Fault() {
                @Override
                public Optional<Resp> answer(Req req) {
                    return req.path().startsWith("/api/") ? Optional.of(Resp.json(502,
                            "{\"error\":{\"code\":\"upstream_error\",\"message\":\"api unreachable\"}}"))
                            : Optional.empty();
                }
            };
            try (FaultyProxy api = new FaultyProxy(stack.apiUrl(), corsStar);
                 FaultyProxy web = new FaultyProxy(stack.webUrl(), gatewayDown)) {
                ValidationReport r = scenarios(stack.target().withApiUrl(api.url()).withWebUrl(web.url()), "web");
                assertCaught(r, "CORS: another origin gets no Access-Control-Allow-Origin", "foreign origin");
                assertCaught(r, "CORS: allowed origin", "Access-Control-Allow-Origin: expected http://allowed.example, got *");
                assertCaught(r, "a task written through the web", "expected HTTP 201, got HTTP 502");
                assertCaught(r, "login through the web works", "got HTTP 502");
            }
        }

        @Test
        @DisplayName("8 latency: one read in eight takes 150 ms")
        void slowReads() throws Exception {
            AtomicInteger n = new AtomicInteger();
            Fault slow = new Fault() {
                @Override
                public Optional<Resp> answer(Req req) {
                    if (req.method().equals("GET") && req.path().startsWith("/api/v1/") && n.incrementAndGet() % 8 == 0) {
                        try {
                            Thread.sleep(150);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return Optional.empty();
                }
            };
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), slow)) {
                ValidationReport r = scenarios(stack.target().withApiUrl(proxy.url()), "latency");
                assertCaught(r, "p95 of 200 reads", "p95 over budget 100 ms");
            }
        }

        @Test
        @DisplayName("9 hygiene: the secret in a response, in the logs and in a ConfigMap — and never in the report")
        void secretsExposed() throws Exception {
            Fault leakSecret = new Fault() {
                @Override
                public Resp rewrite(Req req, Resp resp) {
                    return req.path().equals("/health/ready")
                            ? resp.withBody(resp.body().replace("}", ",\"debug\":\"JWT_SECRET=" + LocalStack.SECRET + "\"}"))
                            : resp;
                }
            };
            TargetHooks leakyHooks = new TargetHooks() {
                @Override
                public Optional<Map<String, String>> recentLogs() {
                    return Optional.of(Map.of("api", "INFO starting with JWT_SECRET=" + LocalStack.SECRET + "\n"));
                }

                @Override
                public Optional<Map<String, String>> plainConfig() {
                    return Optional.of(Map.of("configmap/todo-api/JWT_SECRET", LocalStack.SECRET));
                }
            };
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), leakSecret)) {
                ValidationTarget target = stack.target().withApiUrl(proxy.url()).withHooks(leakyHooks);
                ValidationReport r = scenarios(target, "hygiene");
                assertCaught(r, "no secret value in any response", "the JWT secret appears in a response");
                assertCaught(r, "no secret value in component logs", "the JWT secret appears in the api log");
                assertCaught(r, "no secret in plain configuration", "the JWT secret is in plain configuration");
                String everything = JUnitXmlWriter.render(r) + JsonReportWriter.render(r) + SummaryTable.render(r);
                assertThat(everything).contains("JWT_SECRET=****").doesNotContain(LocalStack.SECRET);
                Path bundle = dev.todoctl.validation.report.EvidenceBundle.write(r, leakyHooks,
                        new dev.todoctl.validation.http.Redactor(target.secrets()), tmp.resolve("evidence"));
                try (var files = java.nio.file.Files.walk(bundle)) {
                    for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                        assertThat(java.nio.file.Files.readString(f)).as(f.toString()).doesNotContain(LocalStack.SECRET);
                    }
                }
                assertThat(bundle.resolve("logs/api.log")).content().contains("JWT_SECRET=****");
                assertThat(bundle.resolve("failures")).isNotEmptyDirectory();
            }
        }

        @Test
        @DisplayName("9 hygiene: secrets must reach the api from Secret references — literal, ConfigMap, missing caught; Secret refs pass; no hook skips")
        void secretReferences() {
            java.util.function.Function<Map<String, EnvSource>, ValidationReport> withSources = sources ->
                    scenarios(stack.target().withHooks(new TargetHooks() {
                        @Override
                        public Optional<Map<String, EnvSource>> apiEnvSources() {
                            return Optional.of(sources);
                        }
                    }), "hygiene");
            String check = "secrets reach the api from Secret references";
            EnvSource fromSecret = EnvSource.secret("Secret todo-secrets (envFrom)");

            ValidationReport good = withSources.apply(Map.of("JWT_SECRET", fromSecret, "DATABASE_PASSWORD",
                    EnvSource.secret("Secret todo-secrets, key DATABASE_PASSWORD"), "PORT",
                    EnvSource.configMap("ConfigMap todo-api (envFrom)"), "JWT_TTL", EnvSource.literal("in Deployment")));
            assertThat(check(good, check).outcome()).as(SummaryTable.render(good)).isEqualTo(Outcome.PASSED);

            assertCaught(withSources.apply(Map.of("JWT_SECRET", EnvSource.literal("value written into Deployment todo-api"),
                    "DATABASE_PASSWORD", fromSecret)), check,
                    "JWT_SECRET reaches the api as literal (value written into Deployment todo-api), not from a Secret reference");
            assertCaught(withSources.apply(Map.of("JWT_SECRET", fromSecret, "DATABASE_PASSWORD",
                    EnvSource.configMap("ConfigMap todo-api (envFrom)"))), check, "DATABASE_PASSWORD reaches the api as config map");
            assertCaught(withSources.apply(Map.of("DATABASE_PASSWORD", fromSecret)), check,
                    "JWT_SECRET is not set on the api container at all");

            CheckResult none = check(scenarios(stack.target().withHooks(TargetHooks.NONE), "hygiene"), check);
            assertThat(none.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(none.message()).contains("has no Secret references to inspect");
        }

        @Test
        @DisplayName("9 hygiene: the hooks' own logs leak a user's bearer token")
        void tokenInLogs() {
            List<String> seenTokens = new java.util.concurrent.CopyOnWriteArrayList<>();
            TargetHooks logsWithToken = new TargetHooks() {
                @Override
                public Optional<Map<String, String>> recentLogs() {
                    // the app under test logs every Authorization header it receives
                    return Optional.of(Map.of("api", String.join("\n", seenTokens)));
                }
            };
            ValidationTarget target = stack.target().withHooks(logsWithToken);
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), new Fault() {
                @Override
                public Optional<Resp> answer(Req req) {
                    if (req.header("authorization") != null) {
                        seenTokens.add("request " + req.path() + " Authorization: " + req.header("authorization"));
                    }
                    return Optional.empty();
                }
            })) {
                ValidationReport r = scenarios(target.withApiUrl(proxy.url()), "hygiene");
                assertCaught(r, "no secret value in component logs", "a user's bearer token appears in the api log");
                assertThat(check(r, "no secret value in component logs").message()).contains("Bearer ****");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

}
