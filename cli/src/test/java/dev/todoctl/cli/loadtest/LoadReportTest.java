package dev.todoctl.cli.loadtest;

import dev.todoctl.cli.sampling.Observation;
import dev.todoctl.cli.sampling.ProcessSampler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.cli.ui.OutputFormat;
import dev.todoctl.cli.ui.Renderer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("load test report")
class LoadReportTest {

    private static LoadReport report(Observation observation) {
        LoadSummary summary = new LoadSummary("mixed", 20, 15, 1000, 3, 0.3, 66.7, 4, 12, 30, 80, 5.5, Map.of("500", 2L, "0", 1L),
                List.of(new LoadSummary.RequestLine("list", 600, 2, 3, 10, 20, 80, Map.of("500", 2L)),
                        new LoadSummary.RequestLine("create", 400, 1, 5, 14, 31, 60, Map.of("0", 1L))),
                new LoadSummary.RequestLine("setup", 80, 0, 300, 900, 1000, 1100, Map.of()));
        List<Slos.SloCheck> slos = Slos.check(List.of(Slos.parse("p95<100ms"), Slos.parse("errors<0.1%")), summary);
        BaselineComparison cmp = BaselineComparison.compare(BaselineComparisonTest.baseline("v1",
                BaselineComparisonTest.summary(10, 0, 70)), summary, 10, 0.1);
        return new LoadReport("local", "http://127.0.0.1:8080", summary, Path.of("/tmp/r/index.html"), Path.of("/tmp/r"), slos,
                "failed", cmp, null, observation, false, Verdict.of(slos, cmp), List.of());
    }

    @Test
    @DisplayName("JSON: the stable keys, errors by status, verdict with reasons")
    void json() throws Exception {
        StringWriter out = new StringWriter();
        new Renderer(OutputFormat.json, new PrintWriter(out)).print(report(new Observation.ResourceUsage(5,
                List.of(new Observation.ComponentUsage("api", 40, 90, 300, 280)))).document());
        JsonNode d = Renderer.json().readTree(out.toString());
        for (String key : List.of("requests", "errors", "rps", "p50_ms", "p95_ms", "p99_ms", "max_ms", "errors_by_status", "report", "verdict")) {
            assertThat(d.has(key)).as(key).isTrue();
        }
        assertThat(d.get("errors_by_status").get("500").asLong()).isEqualTo(2);
        assertThat(d.get("verdict").asText()).isEqualTo("fail");
        assertThat(d.get("reasons").toString()).contains("errors<0.1%", "p95_ms regressed");
        assertThat(d.get("observed").get("kind").asText()).isEqualTo("resources");
        assertThat(d.get("observed").get("components").get(0).get("max_cpu_percent").asDouble()).isEqualTo(90);
        assertThat(d.get("baseline").get("rows").get(0).get("metric").asText()).isEqualTo("p95_ms");
    }

    @Test
    @DisplayName("table: per request, errors by status, SLOs, baseline diff, scaling timeline, report, verdict")
    void table() {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        List<Observation.ScalingSample> samples = List.of(new Observation.ScalingSample(0, "todo-api", 1, 1, 1),
                new Observation.ScalingSample(3, "todo-api", 3, 1, 1), new Observation.ScalingSample(6, "todo-api", 3, 3, 3));
        report(new Observation.ScalingTimeline(samples, Observation.summarize(samples))).table(new Renderer(OutputFormat.table, out), out);
        assertThat(text.toString()).contains("list", "500: 2", "no response: 1", "(setup)", "SLO errors<0.1%", "BREACHED",
                "against baseline 'v1'", "REGRESSED", "todo-api: 1 → max 3 replicas; first scale-up after 3 s; back down not during the run",
                "report: /tmp/r/index.html", "verdict: FAIL");
    }

    private static LoadReport withSetup(LoadSummary.SetupPhaseLine phase, long requests) {
        LoadSummary summary = new LoadSummary("mixed", 1000, 300, requests, 0, 0, requests / 300.0, 4, 12, 30, 80, 5.5, Map.of(),
                List.of(new LoadSummary.RequestLine("list", requests, 0, 3, 10, 20, 80, Map.of())),
                new LoadSummary.RequestLine("setup", 5000, 0, 300, 900, 1000, 1100, Map.of()), phase);
        List<Slos.SloCheck> slos = Slos.check(List.of(Slos.parse("p95<50ms")), summary);
        return new LoadReport("docker", "http://127.0.0.1:8080", summary, null, Path.of("/tmp/r"), slos, "held", null, null,
                new Observation.NotObserved("test"), false,
                Verdict.of(slos, null, summary.setup().errors(), summary.requests(), summary.setupPhase()), List.of());
    }

    @Test
    @DisplayName("the set-up phase is reported on its own (JSON setup_phase and a table line), not in the measured figures")
    void setupPhaseApart() throws Exception {
        LoadReport report = withSetup(new LoadSummary.SetupPhaseLine("reused", 1000, 12.5, 8, 1000, 0, 40, 960, 3000, 4200, 0,
                List.of(), false), 250_000);
        StringWriter out = new StringWriter();
        new Renderer(OutputFormat.json, new PrintWriter(out)).print(report.document());
        JsonNode d = Renderer.json().readTree(out.toString());
        JsonNode phase = d.get("setup_phase");
        assertThat(phase.get("mode").asText()).isEqualTo("reused");
        assertThat(phase.get("duration_seconds").asDouble()).isEqualTo(12.5);
        assertThat(phase.get("logged_in").asInt()).isEqualTo(40);
        assertThat(phase.get("reused_tokens").asInt()).isEqualTo(960);
        assertThat(phase.get("removed_tasks").asLong()).isEqualTo(4200);
        assertThat(d.get("requests").asLong()).as("the measured figures are the journeys' only").isEqualTo(250_000);
        assertThat(d.get("verdict").asText()).isEqualTo("pass");

        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        report.table(new Renderer(OutputFormat.table, w), w);
        assertThat(text.toString()).contains("set-up phase: 1000 of 1000 users prepared in 12.50 s (8 at a time, reused accounts): "
                + "0 signed up, 40 logged in, 960 reused a cached token; 3000 tasks seeded, 4200 removed; 0 failed");
    }

    @Test
    @DisplayName("a set-up phase that could not prepare every user fails the verdict and says the load did not start")
    void setupPhaseFailed() {
        LoadReport report = withSetup(new LoadSummary.SetupPhaseLine("prepared", 10, 3, 8, 8, 8, 0, 0, 24, 0, 2,
                List.of("user 9: signup: HTTP 503"), false), 0);
        assertThat(report.verdict().passed()).isFalse();
        assertThat(report.verdict().reasons()).containsExactly(
                "the set-up phase could not prepare 2 of 10 users: the load did not start (user 9: signup: HTTP 503)");
    }

    @Test
    @DisplayName("process sampling: CPU and resident memory of a live process")
    void processSampler() throws Exception {
        ProcessSampler sampler = new ProcessSampler(Map.of("self", ProcessHandle.current()));
        sampler.sample(0);
        long end = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < end) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        sampler.sample(0.3);
        Observation.ResourceUsage usage = (Observation.ResourceUsage) sampler.observation();
        assertThat(usage.samples()).isEqualTo(2);
        assertThat(usage.components().getFirst().maxCpuPercent()).as("busy for 0.3 s (%d)", x).isPositive();
        assertThat(usage.components().getFirst().maxMemoryMb()).isPositive();
    }
}
