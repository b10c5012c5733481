package dev.todoctl.cli.loadtest;

import dev.todoctl.cli.sampling.Observation;
import dev.todoctl.cli.targets.InClusterLoad;

import dev.todoctl.cli.ui.Renderer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything {@code todoctl loadtest} tells: the summary, the SLO checks, Gatling's own assertion verdict, the
 * baseline diff, what was observed on the target, the HTML report and the verdict — as a table or as one JSON
 * document whose top-level keys are stable ({@code requests, errors, rps, p50_ms, p95_ms, p99_ms, max_ms,
 * errors_by_status, report, verdict} and more).
 */
public record LoadReport(String target, String baseUrl, LoadSummary summary, Path report, Path resultsDir,
                         List<Slos.SloCheck> slos, String gatlingAssertions, BaselineComparison comparison,
                         String savedBaseline, Observation observation, boolean stopped, Verdict verdict,
                         List<String> notes, List<InClusterLoad.Generator> generators, PodSpread apiPods) {

    public LoadReport {
        generators = generators == null ? List.of() : List.copyOf(generators);
    }

    /** A run from one generator on this machine, with no per-pod counts. */
    public LoadReport(String target, String baseUrl, LoadSummary summary, Path report, Path resultsDir,
                      List<Slos.SloCheck> slos, String gatlingAssertions, BaselineComparison comparison,
                      String savedBaseline, Observation observation, boolean stopped, Verdict verdict, List<String> notes) {
        this(target, baseUrl, summary, report, resultsDir, slos, gatlingAssertions, comparison, savedBaseline, observation, stopped,
                verdict, notes, List.of(), null);
    }

    public Map<String, Object> document() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("scenario", summary.scenario());
        d.put("target", target);
        d.put("base_url", baseUrl);
        d.put("users", summary.users());
        d.put("duration_s", summary.durationSeconds());
        d.put("requests", summary.requests());
        d.put("errors", summary.errors());
        d.put("error_rate_percent", summary.errorRatePercent());
        d.put("rps", summary.rps());
        d.put("p50_ms", summary.p50Ms());
        d.put("p95_ms", summary.p95Ms());
        d.put("p99_ms", summary.p99Ms());
        d.put("max_ms", summary.maxMs());
        d.put("mean_ms", summary.meanMs());
        d.put("errors_by_status", summary.errorsByStatus());
        d.put("by_request", summary.byRequest().stream().map(Renderer::asMap).toList());
        d.put("setup", Renderer.asMap(summary.setup()));
        d.put("setup_phase", summary.setupPhase() == null ? null : Renderer.asMap(summary.setupPhase()));
        d.put("slos", slos.stream().map(Renderer::asMap).toList());
        d.put("gatling_assertions", gatlingAssertions);
        d.put("baseline", comparison == null ? null : Renderer.asMap(comparison));
        d.put("saved_baseline", savedBaseline);
        d.put("observed", observationDocument());
        d.put("stopped_early", stopped);
        d.put("report", report == null ? null : report.toString());
        d.put("results_dir", resultsDir.toString());
        d.put("notes", notes);
        d.put("generators", generators.isEmpty() ? null : generators.stream().map(Renderer::asMap).toList());
        d.put("api_pods", apiPods == null ? null : Renderer.asMap(apiPods));
        d.put("verdict", verdict.word());
        d.put("reasons", verdict.reasons());
        return d;
    }

    private Map<String, Object> observationDocument() {
        Map<String, Object> o = new LinkedHashMap<>(Renderer.asMap(observation));
        o.put("kind", switch (observation) {
            case Observation.ResourceUsage u -> "resources";
            case Observation.ScalingTimeline t -> "scaling";
            case Observation.NotObserved n -> "none";
        });
        return o;
    }

    public void table(Renderer renderer, PrintWriter out) {
        out.printf("%s, %d users, %s s against %s (%s)%s%n", summary.scenario(), summary.users(),
                number(summary.durationSeconds()), baseUrl, target, stopped ? " — stopped early" : "");
        List<List<String>> rows = new ArrayList<>();
        for (LoadSummary.RequestLine r : summary.byRequest()) {
            rows.add(List.of(r.name(), String.valueOf(r.requests()), String.valueOf(r.errors()), r.p50Ms() + " ms",
                    r.p95Ms() + " ms", r.p99Ms() + " ms", r.maxMs() + " ms", statuses(r.errorsByStatus())));
        }
        rows.add(List.of("all", String.valueOf(summary.requests()), String.valueOf(summary.errors()), summary.p50Ms() + " ms",
                summary.p95Ms() + " ms", summary.p99Ms() + " ms", summary.maxMs() + " ms", statuses(summary.errorsByStatus())));
        LoadSummary.RequestLine s = summary.setup();
        rows.add(List.of("(setup)", String.valueOf(s.requests()), String.valueOf(s.errors()), s.p50Ms() + " ms",
                s.p95Ms() + " ms", s.p99Ms() + " ms", s.maxMs() + " ms", statuses(s.errorsByStatus())));
        renderer.table(List.of("REQUEST", "COUNT", "ERRORS", "P50", "P95", "P99", "MAX", "ERRORS BY STATUS"), rows);
        LoadSummary.SetupPhaseLine phase = summary.setupPhase();
        if (phase == null || "in-load".equals(phase.mode())) {
            out.println("(setup = seeding per user" + (phase == null ? " and sign-up" : "") + ", not in the figures above or below"
                    + (phase == null ? "" : "; sign-ups happened inside the load and are measured") + ")");
        } else {
            out.println("(setup = the set-up phase before the ramp, not in the figures above or below)");
            out.printf("set-up phase: %d of %d users prepared in %s s (%d at a time%s): %d signed up, %d logged in, %d reused a "
                            + "cached token; %d tasks seeded, %d removed; %d failed%s%n",
                    phase.prepared(), phase.users(), number(phase.durationSeconds()), phase.concurrency(),
                    "reused".equals(phase.mode()) ? ", reused accounts" : ", new accounts", phase.signedUp(), phase.loggedIn(),
                    phase.reusedTokens(), phase.seededTasks(), phase.removedTasks(), phase.failed(), phase.stopped() ? ", stopped" : "");
            phase.errors().forEach(e -> out.println("  set-up error: " + e));
        }
        out.printf("%d requests, %s req/s, %d errors (%s%%), p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n",
                summary.requests(), number(summary.rps()), summary.errors(), number(summary.errorRatePercent()),
                summary.p50Ms(), summary.p95Ms(), summary.p99Ms(), summary.maxMs());
        generatorLines(renderer, out);
        podLines(out);
        observationLines(out);
        if (comparison != null) {
            out.printf("against baseline '%s' (saved %s, revision %d):%n", comparison.baseline(), comparison.baselineSavedAt(),
                    comparison.baselineRevision());
            List<List<String>> diff = new ArrayList<>();
            for (BaselineComparison.Row r : comparison.rows()) {
                diff.add(List.of("  " + r.metric(), number(r.baseline()), number(r.current()), r.change(),
                        r.allowed() == null ? "-" : "≤ " + number(r.allowed()), r.allowed() == null ? "" : r.regressed() ? "REGRESSED" : "ok"));
            }
            renderer.table(List.of("  METRIC", "BASELINE", "NOW", "CHANGE", "ALLOWED", ""), diff);
        }
        if (savedBaseline != null) {
            out.println("saved as baseline '" + savedBaseline + "'");
        }
        for (Slos.SloCheck c : slos) {
            out.printf("SLO %-14s %s (measured %s)%n", c.slo(), c.held() ? "held" : "BREACHED", number(c.actual()));
        }
        out.println("Gatling's assertions: " + gatlingAssertions);
        notes.forEach(n -> out.println("note: " + n));
        out.println("report: " + (report != null ? report : !generators.isEmpty() ? "(none here: the generators' HTML reports stayed in their pods)"
                : "(none: Gatling wrote no report, see " + resultsDir + ")"));
        out.println("verdict: " + verdict.word().toUpperCase(Locale.ROOT));
        verdict.reasons().forEach(r -> out.println("  " + r));
        out.flush();
    }

    private void generatorLines(Renderer renderer, PrintWriter out) {
        if (generators.isEmpty()) {
            return;
        }
        out.printf("%d generators in the cluster (merged above: counts summed, percentiles from the summed histograms):%n", generators.size());
        List<List<String>> rows = new ArrayList<>();
        for (InClusterLoad.Generator g : generators) {
            rows.add(List.of("  " + g.pod(), g.status(), String.valueOf(g.users()), String.valueOf(g.requests()), String.valueOf(g.errors()),
                    g.reason().isEmpty() ? "-" : g.reason()));
        }
        renderer.table(List.of("  GENERATOR", "STATUS", "USERS", "REQUESTS", "ERRORS", "WHY"), rows);
    }

    private void podLines(PrintWriter out) {
        if (apiPods == null) {
            return;
        }
        out.printf("api pods (requests each served, via %s): %s%s%n", apiPods.via(), apiPods.spread(),
                apiPods.cv() == null ? "" : ", share " + number(apiPods.minSharePercent()) + "-" + number(apiPods.maxSharePercent())
                        + " %, cv " + number(apiPods.cv()));
        for (PodSpread.PodCount p : apiPods.pods()) {
            out.printf("  %-40s %8d  %s %%%n", p.pod(), p.requests(), number(p.sharePercent()));
        }
        apiPods.notes().forEach(n -> out.println("  note: " + n));
    }

    private void observationLines(PrintWriter out) {
        switch (observation) {
            case Observation.ResourceUsage u -> {
                out.printf("resources (%d samples):%n", u.samples());
                for (Observation.ComponentUsage c : u.components()) {
                    out.printf("  %-9s cpu avg %s%% max %s%%, memory max %s MB (last %s MB)%n", c.name(), number(c.avgCpuPercent()),
                            number(c.maxCpuPercent()), number(c.maxMemoryMb()), number(c.lastMemoryMb()));
                }
            }
            case Observation.ScalingTimeline t -> {
                out.println("scaling:");
                for (Observation.ScalingSummary s : t.autoscalers()) {
                    out.printf("  %s: %d → max %d replicas; first scale-up %s; back down %s%n", s.autoscaler(), s.initialReplicas(),
                            s.maxReplicas(), s.firstScaleUpSeconds() == null ? "none" : "after " + number(s.firstScaleUpSeconds()) + " s",
                            s.backDownSeconds() == null ? "not during the run" : "after " + number(s.backDownSeconds()) + " s");
                }
                String last = "";
                for (Observation.ScalingSample s : t.samples()) {
                    String state = s.autoscaler() + " desired " + s.desired() + " current " + s.current() + " ready " + s.ready();
                    if (!state.equals(last)) {
                        out.printf("  %7s s  %s%n", number(s.atSeconds()), state);
                        last = state;
                    }
                }
            }
            case Observation.NotObserved n -> out.println("resources: not observed (" + n.reason() + ")");
        }
    }

    private static String statuses(Map<String, Long> byStatus) {
        if (byStatus.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        byStatus.forEach((s, n) -> parts.add(("0".equals(s) ? "no response" : s) + ": " + n));
        return String.join(", ", parts);
    }

    static String number(Double v) {
        if (v == null) {
            return "-";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.2f", v);
    }
}
