package dev.todoctl.cli.loadtest;

import dev.todoctl.cli.sampling.Sampling;
import dev.todoctl.cli.targets.InClusterLoad;

import dev.todoctl.scenarios.LiveStats;
import dev.todoctl.scenarios.LoadPlan;
import dev.todoctl.scenarios.LoadResult;
import dev.todoctl.scenarios.LoadRun;
import dev.todoctl.scenarios.LoadRunner;
import dev.todoctl.scenarios.SetupProgress;
import dev.todoctl.scenarios.Threshold;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A load test from start to verdict: runs Gatling through the scenarios module's {@link LoadRunner} while the
 * target is sampled, then checks SLOs, compares with a baseline and saves one. Ctrl-C (or any caller of
 * {@link LoadRun#stop}) ends the run early and the report is still complete.
 */
public final class LoadTest {
    /** What to judge the run by and what to do with baselines. */
    public record Options(List<Threshold> slos, String saveBaseline, String compareTo, double p95MarginPercent,
                          double errorMarginPoints, Duration sampleEvery) {
    }

    private final LoadRunner runner;
    private final BaselineStore baselines;
    private final Clock clock;

    public LoadTest(LoadRunner runner, BaselineStore baselines, Clock clock) {
        this.runner = runner;
        this.baselines = baselines;
        this.clock = clock;
    }

    public LoadReport run(LoadPlan plan, LoadTarget target, Options options, Consumer<LoadRun> started, Consumer<LiveStats> progress) {
        return run(plan, target, options, started, s -> { }, progress);
    }

    /** As above, with the set-up phase's progress (users prepared before the ramp) to {@code setupProgress}. */
    public LoadReport run(LoadPlan plan, LoadTarget target, Options options, Consumer<LoadRun> started,
                          Consumer<SetupProgress> setupProgress, Consumer<LiveStats> progress) {
        return run(plan, target, options, () -> {
            LoadRun run = runner.start(plan);
            started.accept(run);
            return new Load(run.await(setupProgress, progress), List.of(), null);
        });
    }

    /** What a run produced: the result (merged when generators ran in the cluster), the generators, the per-pod counts. */
    public record Load(LoadResult result, List<InClusterLoad.Generator> generators, PodSpread apiPods) {
    }

    /**
     * The same, with the load run by {@code load} (e.g. generators in the cluster): the target is sampled meanwhile,
     * and a generator that did not succeed fails the verdict.
     */
    public LoadReport run(LoadPlan plan, LoadTarget target, Options options, java.util.function.Supplier<Load> load) {
        Baseline base = options.compareTo() == null ? null : baselines.load(options.compareTo());
        BaselineStore.checkName(options.saveBaseline());
        Load done;
        Sampling sampling = new Sampling(target.sampler(), options.sampleEvery());
        try {
            done = load.get();
        } finally {
            sampling.close();
        }
        LoadResult result = done.result();
        LoadSummary summary = LoadSummary.of(result);
        List<Slos.SloCheck> checks = Slos.check(options.slos(), summary);
        BaselineComparison comparison = base == null ? null
                : BaselineComparison.compare(base, summary, options.p95MarginPercent(), options.errorMarginPoints());
        Verdict verdict = Verdict.of(checks, comparison, summary.setup().errors(), summary.requests(), summary.setupPhase());
        List<String> generatorFailures = done.generators().stream().filter(InClusterLoad.Generator::failed)
                .map(g -> "generator " + g.pod() + " " + g.status() + ": " + g.reason()).toList();
        if (!generatorFailures.isEmpty()) {
            List<String> reasons = new ArrayList<>(generatorFailures);
            reasons.addAll(verdict.reasons());
            verdict = new Verdict(false, reasons);
        }
        List<String> notes = new ArrayList<>(result.notes());
        String gatling = gatlingVerdict(result, checks, notes);
        String saved = null;
        if (options.saveBaseline() != null) {
            baselines.save(new Baseline(options.saveBaseline(), clock.instant(), target.name(), target.revision(), target.images(), summary));
            saved = options.saveBaseline();
        }
        return new LoadReport(target.name(), target.baseUrl(), summary, result.report(), plan.resultsDir(), checks, gatling,
                comparison, saved, target.sampler().observation(), result.stopped(), verdict, notes, done.generators(), done.apiPods());
    }

    /**
     * Gatling evaluated the same SLOs as assertions on its own numbers. When it disagrees with todoctl (it can:
     * Gatling counts the set-up requests too, and its percentiles are approximations), say so rather than hide it.
     */
    private static String gatlingVerdict(LoadResult result, List<Slos.SloCheck> checks, List<String> notes) {
        if (checks.isEmpty()) {
            return "none";
        }
        if (result.gatlingExitCode() == 1 || !result.loadStarted()) {
            return "not evaluated";
        }
        boolean todoctlHeld = checks.stream().allMatch(Slos.SloCheck::held);
        if (todoctlHeld != result.gatlingAssertionsHeld()) {
            notes.add("Gatling's own assertions " + (result.gatlingAssertionsHeld() ? "held" : "failed")
                    + " while todoctl's numbers say " + (todoctlHeld ? "held" : "breached")
                    + " (Gatling's figures include the sign-up and seeding requests, and its percentiles are approximate)");
        }
        return result.gatlingAssertionsHeld() ? "held" : "failed";
    }
}
