package dev.todoctl.validation.compare;

import dev.todoctl.validation.support.FaultyProxy;
import dev.todoctl.validation.support.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real apps (each its own api on its own H2 database), compared with the request sequence of
 * {@code validate --compare-to}: alike they show no difference; a difference injected into one (a reverse proxy
 * that rewrites some of its answers, or another CORS configuration) is found, and only it.
 */
@DisplayName("validate --compare-to: two real deployments compared")
class DeploymentComparisonTest {
    @TempDir
    static Path tmp;
    static LocalStack left;
    static LocalStack right;

    @BeforeAll
    static void start() {
        left = new LocalStack(tmp.resolve("left"));
        right = new LocalStack(tmp.resolve("right"));
    }

    @AfterAll
    static void stop() {
        left.close();
        right.close();
    }

    private static DeploymentComparison comparison() {
        return new DeploymentComparison(Duration.ofSeconds(10), Optional.of(LocalStack.ALLOWED_ORIGIN));
    }

    @Test
    @DisplayName("the same app twice: no difference, and the sequence really went through the API")
    void alike() {
        ComparisonReport report = comparison().compare(left.apiUrl(), right.apiUrl() + "/");
        assertThat(report.differences()).as(report.render()).isEmpty();
        assertThat(report.same()).isTrue();
        assertThat(report.leftObservations()).hasSize(RequestSequence.steps().size());
        Map<String, Integer> status = new java.util.LinkedHashMap<>();
        report.leftObservations().forEach(o -> status.put(o.step(), o.status()));
        assertThat(status).containsEntry("health", 200).containsEntry("signup", 201)
                .containsEntry("signup again (duplicate email)", 409).containsEntry("login with a wrong password", 401)
                .containsEntry("tasks without a token", 401).containsEntry("create a task", 201)
                .containsEntry("create a task without a title", 422).containsEntry("read the task", 200)
                .containsEntry("chat", 200).containsEntry("conversation messages", 200)
                .containsEntry("delete the task", 204).containsEntry("the deleted task", 404).containsEntry("the served contract", 200);
        // what was normalised is really there, as placeholders
        Observation created = report.leftObservations().stream().filter(o -> o.step().equals("create a task")).findFirst().orElseThrow();
        assertThat(created.body().get("id").asText()).isEqualTo("<id>");
        assertThat(created.body().get("created_at").asText()).isEqualTo("<timestamp>");
        assertThat(created.body().get("priority").asText()).isEqualTo("high");
        assertThat(created.headers()).containsEntry("x-request-id", "(present)")
                .containsEntry("access-control-allow-origin", LocalStack.ALLOWED_ORIGIN);
        assertThat(report.render()).contains("no differences");
    }

    @Test
    @DisplayName("through a proxy that changes nothing: still no difference (the proxy is not a difference itself)")
    void cleanProxy() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(right.apiUrl())) {
            ComparisonReport report = comparison().compare(left.apiUrl(), proxy.url());
            assertThat(report.differences()).as(report.render()).isEmpty();
        }
    }

    @Test
    @DisplayName("injected: a changed value, a changed status and a changed header are each reported, nothing else")
    void injected() throws Exception {
        FaultyProxy.Fault changed = new FaultyProxy.Fault() {
            @Override
            public FaultyProxy.Resp rewrite(FaultyProxy.Req req, FaultyProxy.Resp resp) {
                if (req.method().equals("GET") && req.path().matches("/api/v1/tasks/\\d+") && resp.status() == 200) {
                    return resp.withBody(resp.body().replace("\"priority\":\"high\"", "\"priority\":\"urgent\""));
                }
                if (req.method().equals("DELETE")) {
                    return resp.withStatus(200);
                }
                if (req.path().equals("/health")) {
                    return resp.withHeader("content-type", "text/plain");
                }
                return resp;
            }
        };
        try (FaultyProxy proxy = new FaultyProxy(right.apiUrl(), changed)) {
            ComparisonReport report = comparison().compare(left.apiUrl(), proxy.url());
            assertThat(report.differences()).extracting(Difference::describe).as(report.render()).containsExactly(
                    "health (GET /health): header content-type: application/json ≠ text/plain",
                    "read the task (GET /api/v1/tasks/{id}): body /priority: \"high\" ≠ \"urgent\"",
                    "delete the task (DELETE /api/v1/tasks/{id}): status: 204 ≠ 200");
            assertThat(report.same()).isFalse();
            assertThat(report.render()).contains("3 differences").contains("  read the task  GET /api/v1/tasks/{id}");
        }
    }

    @Test
    @DisplayName("a deployment with another CORS configuration differs in its CORS headers (and Vary) only")
    void corsConfiguration() {
        try (LocalStack other = new LocalStack(tmp.resolve("other"), Map.of("CORS_ALLOWED_ORIGINS", "https://elsewhere.example"))) {
            ComparisonReport report = comparison().compare(left.apiUrl(), other.apiUrl());
            assertThat(report.differences()).as(report.render()).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.aspect() + " " + d.where()).matches("header (access-control-.*|vary)"));
            assertThat(report.differences()).extracting(Difference::step).contains("health", "create a task");
        }
    }

    @Test
    @DisplayName("a deployment that does not answer is said so, not turned into a list of differences")
    void unreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ComparisonReport report = comparison().compare(left.apiUrl(), "http://127.0.0.1:" + port);
        assertThat(report.same()).isFalse();
        assertThat(report.unreachable()).contains("does not answer");
        assertThat(report.differences()).isEmpty();
        assertThat(report.render()).contains("not compared");
    }

    @Test
    @DisplayName("differences inside one body are capped, with a count of the rest")
    void capped() {
        var a = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        var b = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        for (int i = 0; i < 20; i++) {
            a.put("k" + i, i);
            b.put("k" + i, -i - 1);
        }
        List<Difference> d = DeploymentComparison.differences(new Observation("s", "GET /x", 200, Map.of(), a),
                new Observation("s", "GET /x", 200, Map.of(), b));
        assertThat(d).hasSize(DeploymentComparison.MAX_BODY_DIFFERENCES_PER_STEP + 1);
        assertThat(d.getLast().right()).isEqualTo("8 more differences");
    }
}
