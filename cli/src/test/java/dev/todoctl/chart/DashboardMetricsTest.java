package dev.todoctl.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart's Grafana dashboard and PrometheusRule alerts query only series the api really exposes, with labels its
 * samples really carry: every PromQL expression is parsed ({@link PromQl}) and checked against the {@code /metrics}
 * of the real api, started in-process after a few requests (signup, tasks, a 404, a chat message that calls a tool),
 * so that the lazily registered counters and histograms exist.
 */
@DisplayName("Grafana dashboard and alerts against the api's real /metrics")
class DashboardMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DASHBOARD_KEY = "todo-chatbot-api.json";

    @TempDir
    static Path dir;
    private static ApiServer api;
    private static MetricsCatalog catalog;

    @BeforeAll
    static void startAndExercise() throws Exception {
        api = ApiServer.start(ApiConfig.from(new Env(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "JWT_SECRET", "dashboard-metrics-test-secret-0123456789", "DATA_DIR", dir.resolve("data").toString()))));
        String base = "http://127.0.0.1:" + api.port();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode signup = JSON.readTree(send(http, base, "POST", "/api/v1/auth/signup", null,
                "{\"email\":\"dash@example.com\",\"password\":\"secret-password-1\"}").body());
        String token = signup.get("token").asText();
        assertThat(send(http, base, "POST", "/api/v1/tasks", token, "{\"title\":\"water the plants\"}").statusCode()).isEqualTo(201);
        assertThat(send(http, base, "GET", "/api/v1/tasks", token, null).statusCode()).isEqualTo(200);
        assertThat(send(http, base, "GET", "/api/v1/tasks/999999", token, null).statusCode()).isEqualTo(404);
        assertThat(send(http, base, "POST", "/api/v1/chat", token, "{\"message\":\"add a task buy milk\"}").statusCode()).isEqualTo(200);
        // micrometer registers jvm_gc_pause_* on the first GC notification after it bound; in a long test JVM with a
        // large heap that may not have come yet (the full suite did not have it): ask for one, then wait for the series
        System.gc();
        HttpResponse<String> metrics = send(http, base, "GET", "/metrics", null, null);
        for (long deadline = System.nanoTime() + 10_000_000_000L;
             !metrics.body().contains("jvm_gc_pause_seconds_count") && System.nanoTime() < deadline; ) {
            Thread.sleep(200);
            System.gc();
            metrics = send(http, base, "GET", "/metrics", null, null);
        }
        assertThat(metrics.statusCode()).isEqualTo(200);
        catalog = MetricsCatalog.parse(metrics.body());
    }

    private static HttpResponse<String> send(HttpClient http, String base, String method, String path, String token, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** The dashboard as the chart ships it: the prod profile's rendered ConfigMap. */
    static JsonNode renderedDashboard() throws IOException {
        ConfigMap map = RenderedChart.render("prod").one(ConfigMap.class, RenderedChart.fullname("api-dashboard"));
        return JSON.readTree(map.getData().get(DASHBOARD_KEY));
    }

    /**
     * Every query of a dashboard, by where it is: panel targets and the {@code label_values(selector, label)} of its
     * variables (whose label must exist too). Grafana's own variables are replaced as Grafana would before PromQL
     * sees them: {@code $__rate_interval} by a duration, {@code $namespace} inside a label value by a value.
     */
    static Map<String, String> queries(JsonNode dashboard) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put("panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                        grafanaExpanded(target.path("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            String query = variable.path("query").isObject() ? variable.path("query").path("query").asText() : variable.path("query").asText();
            var labelValues = java.util.regex.Pattern.compile("^label_values\\((.+),\\s*(\\w+)\\)$").matcher(query.strip());
            assertThat(labelValues.matches()).as("variable %s: %s", variable.path("name"), query).isTrue();
            // label_values(sel, l) needs sel's series to carry l: the same check as grouping sel by l
            queries.put("variable $" + variable.path("name").asText(),
                    grafanaExpanded("count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")"));
        }
        return queries;
    }

    private static String grafanaExpanded(String expr) {
        return expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
                .replaceAll("\\$\\{?\\w+}?", "x");
    }

    static List<String> problems(Map<String, String> queries) {
        List<String> problems = new ArrayList<>();
        queries.forEach((where, expr) -> {
            try {
                problems.addAll(catalog.problems(where, PromQl.parse(expr)));
            } catch (PromQl.SyntaxError e) {
                problems.add(where + ": " + e.getMessage());
            }
        });
        return problems;
    }

    @Test
    @DisplayName("every dashboard query parses and reads only series and labels the api exposes")
    void dashboardQueriesExist() throws IOException {
        Map<String, String> queries = queries(renderedDashboard());
        assertThat(queries).hasSizeGreaterThan(15);
        assertThat(problems(queries)).isEmpty();
    }

    @Test
    @DisplayName("the dashboard covers request rate, errors, latency percentiles, pool use, chat/tool calls and JVM memory")
    void dashboardCoversTheTopics() throws IOException {
        List<PromQl.Selector> selectors = queries(renderedDashboard()).values().stream()
                .flatMap(q -> PromQl.parse(q).selectors().stream()).toList();
        String all = String.join("\n", queries(renderedDashboard()).values());
        assertThat(selectors).extracting(PromQl.Selector::metric).contains(
                "http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
                "hikaricp_connections_active", "hikaricp_connections_max", "hikaricp_connections_pending",
                "todo_chat_tool_calls_total", "jvm_memory_used_bytes", "jvm_memory_max_bytes", "up");
        assertThat(all).contains("histogram_quantile(0.50", "histogram_quantile(0.95", "histogram_quantile(0.99",
                "status=~\"5..\"", "route=\"/api/v1/chat\"");
        // the chat route label the panels filter on is the one the api really reports
        assertThat(catalog.labelsByName()).containsKey("http_server_requests_seconds_count");
    }

    @Test
    @DisplayName("every PrometheusRule alert parses and reads only series and labels the api exposes")
    void alertQueriesExist() {
        GenericKubernetesResource rule = RenderedChart.render("prod").generic().stream()
                .filter(g -> g.getKind().equals("PrometheusRule")).findFirst().orElseThrow();
        JsonNode spec = JSON.valueToTree(rule.getAdditionalProperties().get("spec"));
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode group : spec.path("groups")) {
            for (JsonNode r : group.path("rules")) {
                queries.put("alert " + r.path("alert").asText(), r.path("expr").asText());
            }
        }
        assertThat(queries).containsOnlyKeys("alert TodoChatbotApiDown", "alert TodoChatbotApiHighErrorRatio",
                "alert TodoChatbotApiHighLatencyP95");
        assertThat(problems(queries)).isEmpty();
    }

    @Nested
    @DisplayName("the check bites")
    class Bites {
        @Test
        @DisplayName("a misspelt metric, a label the series lacks and a broken expression are each named")
        void misspelt() throws IOException {
            JsonNode dashboard = renderedDashboard();
            ObjectNode broken = dashboard.deepCopy();
            ObjectNode first = (ObjectNode) target(broken, "Request rate by route");
            first.put("expr", first.path("expr").asText().replace("http_server_requests_seconds_count", "http_server_request_seconds_count"));
            ObjectNode pool = (ObjectNode) target(broken, "Pool connections");
            pool.put("expr", pool.path("expr").asText().replace("pool=", "poool="));
            ObjectNode tools = (ObjectNode) target(broken, "Tool calls");
            tools.put("expr", "sum by (tool (rate(todo_chat_tool_calls_total[5m]))");

            assertThat(problems(queries(broken))).containsExactlyInAnyOrder(
                    "panel 'Request rate by route' A: metric http_server_request_seconds_count is not in the app's /metrics",
                    "panel 'Pool connections' A: metric hikaricp_connections_active has no label poool",
                    "panel 'Tool calls' A: expected ')' at 13 in: sum by (tool (rate(todo_chat_tool_calls_total[5m]))");
        }

        @Test
        @DisplayName("grouping by a label the series lack is named too (a by (...) on a histogram without it)")
        void groupingLabel() {
            assertThat(problems(Map.of("q", "histogram_quantile(0.9, sum by (le, tool) (rate(http_server_requests_seconds_bucket[5m])))")))
                    .containsExactly("q: metric http_server_requests_seconds_bucket has no label tool to group by");
        }

        private static JsonNode target(JsonNode dashboard, String title) {
            for (JsonNode panel : dashboard.path("panels")) {
                if (panel.path("title").asText().equals(title)) {
                    return panel.path("targets").get(0);
                }
            }
            throw new AssertionError("no panel " + title);
        }
    }

    @Nested
    @DisplayName("the ConfigMap")
    class Shipped {
        @Test
        @DisplayName("prod ships it with the sidecar's label, holding the chart's dashboards/ file unchanged")
        void prod() throws IOException {
            ConfigMap map = RenderedChart.render("prod").one(ConfigMap.class, RenderedChart.fullname("api-dashboard"));
            assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1")
                    .containsEntry("app.kubernetes.io/component", "api");
            assertThat(map.getData()).containsOnlyKeys(DASHBOARD_KEY);
            assertThat(JSON.readTree(map.getData().get(DASHBOARD_KEY)))
                    .isEqualTo(JSON.readTree(Files.readString(RenderedChart.chartDir().resolve("dashboards/" + DASHBOARD_KEY))));
        }

        @Test
        @DisplayName("todoctl render --profile prod prints it, in its own template file")
        void rendered(@TempDir Path cwd) throws IOException {
            dev.todoctl.cli.CliRun run = dev.todoctl.cli.CliRun.in(cwd, Map.of(), "render", "--profile", "prod", "-d", "out",
                    "--set", "source-dir=" + dev.todoctl.cli.targets.kubernetes.KubernetesReleaseTest.repoRoot());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(Files.readString(cwd.resolve("out/templates/grafana-dashboard.yaml")))
                    .contains("kind: ConfigMap").contains("grafana_dashboard: \"1\"").contains("\"uid\": \"todo-chatbot-api\"");
        }

        @ParameterizedTest(name = "profile {0}")
        @ValueSource(strings = {"default", "dev"})
        @DisplayName("off by default and in dev")
        void offElsewhere(String profile) {
            assertThat(RenderedChart.render(profile).find(ConfigMap.class, RenderedChart.fullname("api-dashboard"))).isEmpty();
        }

        @Test
        @DisplayName("labels and annotations are values; a mistyped value is refused by the schema")
        void values() {
            ConfigMap map = RenderedChart.render("default", Map.of("metrics.grafanaDashboard.enabled", "true",
                    "metrics.grafanaDashboard.annotations.grafana_folder", "Todo",
                    "metrics.grafanaDashboard.labels.team", "ops"))
                    .one(ConfigMap.class, RenderedChart.fullname("api-dashboard"));
            assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1").containsEntry("team", "ops");
            assertThat(map.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Todo");
            assertThatThrownBy(() -> RenderedChart.render("default", Map.of("metrics.grafanaDashboard.enabeld", "true")))
                    .hasMessageContaining("enabeld");
        }
    }
}
