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
        @DisplayName("catches 5xx on malformed JSON, a wrong error shape, a dropped field, a wrong status and a leak")
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
            try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), new LeakTasks(), serverErrorOnBadJson,
                    badErrorShapeOnSignup, dropUpdatedAtFromGet, createAnswers200)) {
                ContractReport report = ContractChecker.bundled().check(stack.target().withApiUrl(proxy.url()));
                assertCaught(report, "PUT /api/v1/tasks/{id}: malformed JSON", "a client mistake got HTTP 500");
                assertCaught(report, "POST /api/v1/tasks: malformed JSON", "HTTP 500");
                assertCaught(report, "POST /api/v1/auth/signup: missing required field email", "schema: ");
                assertCaught(report, "GET /api/v1/tasks/{id} (getTask)", "updated_at");
                assertCaught(report, "POST /api/v1/tasks (createTask)", "expected HTTP 201, got HTTP 200");
                assertCaught(report, "GET /api/v1/tasks/{id}: another user's id", "expected HTTP 404, got HTTP 200");
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
}
