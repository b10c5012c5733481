package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.config.Setting;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.loadtest.BaselineStore;
import dev.todoctl.cli.loadtest.LoadReport;
import dev.todoctl.cli.loadtest.LoadTarget;
import dev.todoctl.cli.loadtest.LoadTest;
import dev.todoctl.cli.loadtest.PodSpread;
import dev.todoctl.cli.targets.InClusterLoad;
import dev.todoctl.scenarios.LoadResult;
import dev.todoctl.scenarios.Recording;
import dev.todoctl.cli.loadtest.Slos;
import dev.todoctl.cli.loadtest.StopOnInterrupt;
import dev.todoctl.cli.platform.HttpProbe;
import dev.todoctl.cli.targets.Endpoints;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.targets.selection.TargetSelector;
import dev.todoctl.cli.ui.Progress;
import dev.todoctl.scenarios.LoadPlan;
import dev.todoctl.scenarios.LoadRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

@Command(name = "loadtest", sortOptions = false,
        description = "Runs a Gatling load test against the release (or --base-url), prints a summary with an SLO "
                + "verdict, the HTML report path, and what the target did meanwhile (CPU/memory for docker and local, "
                + "the autoscaler for kubernetes). Exits 60 when an SLO is breached or a baseline regresses.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl loadtest --users 20 --duration 20s",
                "  todoctl loadtest --scenario crud --slo p95<100ms --slo errors<0.1%%",
                "  todoctl loadtest --save-baseline v1 ; todoctl loadtest --compare-to v1",
                "  todoctl loadtest --users 1000 --reuse-users    # accounts kept for the next run",
                "  todoctl loadtest --scenario crud --signup-in-load    # measure sign-up too",
                "  todoctl loadtest --base-url http://127.0.0.1:8080 --output json",
                "  todoctl loadtest --target kubernetes --generators 2 --users 40    # 2 pods in the cluster, one merged report"})
public final class LoadtestCommand extends TargetedCommand {
    @Option(names = "--scenario", paramLabel = "S", defaultValue = "mixed",
            description = "browse, crud, chat or mixed (default: ${DEFAULT-VALUE}).")
    String scenario;
    @Option(names = {"-u", "--users"}, paramLabel = "N", defaultValue = "50", description = "Concurrent virtual users (default: ${DEFAULT-VALUE}).")
    int users;
    @Option(names = "--ramp", paramLabel = "D", defaultValue = "10s", description = "Time over which the users arrive (default: ${DEFAULT-VALUE}).")
    String ramp;
    @Option(names = {"-d", "--duration"}, paramLabel = "D", defaultValue = "5m",
            description = "Length of the whole run, ramp included (default: ${DEFAULT-VALUE}).")
    String duration;
    @Option(names = "--think-time", paramLabel = "D", defaultValue = "1s",
            description = "Mean pause between a user's requests, varied ±50%% (default: ${DEFAULT-VALUE}; 0 = none).")
    String thinkTime;
    @Option(names = "--slo", paramLabel = "EXPR",
            description = "An objective such as p95<100ms, p99<250ms, max<2s, errors<0.1%%, rps>500; repeatable "
                    + "(default: errors<0.1%%).")
    List<String> slos = new ArrayList<>();
    @Option(names = "--save-baseline", paramLabel = "NAME", description = "Save this run's numbers under NAME.")
    String saveBaseline;
    @Option(names = "--compare-to", paramLabel = "NAME", description = "Fail if p95 or the error rate regressed against baseline NAME.")
    String compareTo;
    @Option(names = "--max-p95-regression", paramLabel = "PERCENT", defaultValue = "10",
            description = "Allowed p95 growth over the baseline, in percent (default: ${DEFAULT-VALUE}).")
    double p95Margin;
    @Option(names = "--max-error-increase", paramLabel = "POINTS", defaultValue = "0.1",
            description = "Allowed error-rate growth over the baseline, in percentage points (default: ${DEFAULT-VALUE}).")
    double errorMargin;
    @Option(names = "--base-url", paramLabel = "URL", description = "Load this api instead of the release's (e.g. http://127.0.0.1:8080).")
    String baseUrl;
    @Option(names = "--sample-every", paramLabel = "D", defaultValue = "3s", description = "How often the target is sampled (default: ${DEFAULT-VALUE}).")
    String sampleEvery;
    @Option(names = "--results-dir", paramLabel = "DIR", description = "Where the Gatling report goes (default: <state dir>/loadtest/<time>-<scenario>).")
    Path resultsDir;
    @Option(names = "--reuse-users", description = "Keep the users' accounts across runs (<prefix>-<n>@loadtest.example): "
            + "a later run reuses their cached tokens (file 0600 under the user's cache dir), logs in only when a token "
            + "expired and signs up only accounts the api does not know.")
    boolean reuseUsers;
    @Option(names = "--user-prefix", paramLabel = "NAME", defaultValue = LoadPlan.UserOptions.DEFAULT_PREFIX,
            description = "Name of the reused accounts (with --reuse-users; default: ${DEFAULT-VALUE}).")
    String userPrefix;
    @Option(names = "--signup-in-load", description = "Users sign up inside the ramp and the sign-ups are measured with "
            + "the rest (default: accounts are prepared before the ramp and kept out of the figures).")
    boolean signupInLoad;
    @Option(names = "--setup-concurrency", paramLabel = "N", defaultValue = "" + LoadPlan.UserOptions.DEFAULT_SETUP_CONCURRENCY,
            description = "Users prepared at a time before the ramp (default: ${DEFAULT-VALUE}).")
    int setupConcurrency;

    @Option(names = "--generators", paramLabel = "N", defaultValue = "0",
            description = "Run the load from N pods in the cluster (one Job; kubernetes only) that reach the api through its "
                    + "Service, and merge their results (default: one generator on this machine). --users must split evenly.")
    int generators;
    @Option(names = "--generator-image", paramLabel = "REF", description = "With --generators: run this generator image "
            + "instead of building todoctl-load-generator from todoctl's own Gatling files.")
    String generatorImage;

    @Override
    protected int run() {
        // mistakes in the options first, before anything is looked up or loaded
        List<dev.todoctl.scenarios.Threshold> thresholds = Slos.parseAll(slos);
        BaselineStore.checkName(saveBaseline);
        BaselineStore.checkName(compareTo);
        if (!LoadPlan.SCENARIOS.contains(scenario)) {
            throw TodoctlException.usage("unknown scenario '" + scenario + "'", "use one of " + String.join(", ", LoadPlan.SCENARIOS));
        }
        if (users < 1) {
            throw TodoctlException.usage("--users " + users + ": a load test needs at least one user", "e.g. --users 50");
        }
        if (reuseUsers && signupInLoad) {
            throw TodoctlException.usage("--reuse-users and --signup-in-load contradict each other: reused accounts exist already",
                    "drop one of them");
        }
        checkGenerators();
        // every rule of a plan (ramp within the duration, user options...), checked on a stand-in before any request
        plan(thresholds, "http://127.0.0.1", "unused", Path.of("unused"));
        Duration sampleInterval = duration(sampleEvery, "--sample-every");
        TodoctlConfig cfg = targetedConfig();
        TargetContext ctx = targetContext(cfg);
        Optional<Target> current = baseUrl == null || target.target().isPresent()
                ? Optional.of(TargetSelector.standard().current(ctx)) : Optional.empty();
        if (generators > 0) {
            return inCluster(cfg, ctx, current.orElseThrow(), thresholds, sampleInterval);
        }
        // the target's own URLs (on kubernetes: tunnels that follow the pods), open for the whole run
        try (Endpoints endpoints = baseUrl == null ? current.get().openEndpoints() : Endpoints.none()) {
            return load(cfg, LoadTarget.resolve(ctx, current, Optional.ofNullable(baseUrl), endpoints), thresholds,
                    sampleInterval, baseUrl == null ? current.flatMap(Target::inClusterLoad) : Optional.empty());
        }
    }

    private int load(TodoctlConfig cfg, LoadTarget loadTarget, List<dev.todoctl.scenarios.Threshold> thresholds,
                     Duration sampleInterval, Optional<InClusterLoad> pods) {
        if (!answers(loadTarget.baseUrl() + "/health", Duration.ofSeconds(15))) {
            throw new TodoctlException(Phase.DEPLOY, "the api at " + loadTarget.baseUrl() + " does not answer /health",
                    List.of("check it with: todoctl status", "or start it: todoctl up"));
        }
        // a release's accounts live in its database, whichever URL reaches it (ports may change between ups)
        String poolKey = "url".equals(loadTarget.name()) ? loadTarget.baseUrl() : loadTarget.name() + "/" + cfg.release();
        LoadPlan plan = plan(cfg, loadTarget.baseUrl(), poolKey, thresholds);
        LoadTest.Options options = new LoadTest.Options(thresholds, saveBaseline, compareTo, p95Margin, errorMargin, sampleInterval);
        console().info("load test: " + scenario + ", " + users + " users over " + ramp + ", " + duration + " against "
                + loadTarget.baseUrl() + " (" + loadTarget.name() + "); Ctrl-C stops early and still reports");
        if (!plan.userOptions().signupInLoad()) {
            console().info("set-up: " + users + " users prepared before the ramp, " + plan.userOptions().setupConcurrency()
                    + " at a time" + (plan.userOptions().reuse() ? ", reused (accounts in " + plan.userOptions().poolFile() + ")"
                    : ", new accounts for this run") + "; not part of the measured figures");
        }
        LoadReport report;
        try (Progress progress = console().progress("load test " + scenario);
             StopOnInterrupt interrupt = new StopOnInterrupt(() -> console().warn("stopping: users finish their current request"))) {
            SetupLines setupLines = new SetupLines(progress);
            LoadRunner runner = new LoadRunner();
            report = new LoadTest(runner, new BaselineStore(cfg.stateDir().resolve("baselines")), Clock.systemUTC())
                    .run(plan, loadTarget, options, () -> {
                        Optional<InClusterLoad.ApiCounts> before = counts(pods);
                        var run = runner.start(plan);
                        interrupt.watch(run);
                        var result = run.await(setupLines::update, s -> progress.update(String.format(Locale.ROOT,
                                "%ds  %.0f req/s  %d requests  %d errors", s.elapsed().toSeconds(), s.recentRps(), s.requests(), s.errors())));
                        return new LoadTest.Load(result, List.of(), spread("this machine (" + loadTarget.baseUrl() + ")", pods, before));
                    });
            progress.done(report.summary().requests() + " requests, " + report.summary().errors() + " errors");
        } catch (IllegalArgumentException e) {
            throw TodoctlException.usage(e.getMessage());
        } catch (IllegalStateException e) {
            throw new TodoctlException(Phase.INTERNAL, "the load test did not complete: " + e.getMessage(),
                    List.of("see the Gatling log in the results directory", "re-run with --verbose"), e);
        }
        return render(report);
    }

    private int render(LoadReport report) {
        if (format().machine()) {
            renderer().print(report.document());
        } else {
            report.table(renderer(), console().result());
        }
        return report.verdict().passed() ? 0 : Phase.SLO.exitCode();
    }

    /** What --generators cannot be combined with or needs, before anything is looked up. */
    private void checkGenerators() {
        if (generators < 0) {
            throw TodoctlException.usage("--generators " + generators + ": must be 1 or more (0 = one generator on this machine)", "e.g. --generators 2");
        }
        if (generators == 0) {
            if (generatorImage != null) {
                throw TodoctlException.usage("--generator-image needs --generators N", "add e.g. --generators 2");
            }
            return;
        }
        if (baseUrl != null) {
            throw TodoctlException.usage("--generators runs the load inside the cluster against the release's api Service: --base-url does not apply",
                    "drop --base-url");
        }
        if (users < generators || users % generators != 0) {
            int lower = Math.max(generators, users / generators * generators);
            throw TodoctlException.usage("--users " + users + " does not split evenly over " + generators + " generators (the pods of a "
                            + "Kubernetes 1.20 Job are alike: each runs the same number of users)",
                    "use --users " + lower + " or " + (lower + generators));
        }
        if (reuseUsers) {
            throw TodoctlException.usage("--reuse-users keeps the accounts' tokens on this machine; generators in the cluster cannot use them",
                    "drop --reuse-users, or run without --generators");
        }
    }

    /** {@code --generators N}: the load from a Job in the cluster, through the api's Service; merged into one report. */
    private int inCluster(TodoctlConfig cfg, TargetContext ctx, Target current, List<dev.todoctl.scenarios.Threshold> thresholds,
                          Duration sampleInterval) {
        InClusterLoad cluster = current.inClusterLoad().orElseThrow(() -> TodoctlException.usage("--generators runs pods in a cluster: the "
                + current.name() + " target has none", "use --target kubernetes, or drop --generators"));
        cluster.check(generators, Optional.ofNullable(generatorImage));
        String url = cluster.serviceUrl();
        LoadTarget loadTarget = LoadTarget.resolve(ctx, Optional.of(current), Optional.of(url), Endpoints.none());
        String image = cluster.image(Optional.ofNullable(generatorImage));
        LoadPlan plan = plan(cfg, url, "unused", thresholds);
        LoadTest.Options options = new LoadTest.Options(thresholds, saveBaseline, compareTo, p95Margin, errorMargin, sampleInterval);
        console().info("load test: " + scenario + ", " + users + " users (" + users / generators + " in each of " + generators
                + " generator pods, image " + image + ") over " + ramp + ", " + duration + " against the api Service " + url
                + "; Ctrl-C deletes the generators' Job and they still report");
        LoadReport report;
        try (Progress progress = console().progress("load test " + scenario + " from " + generators + " generators");
             StopOnInterrupt interrupt = new StopOnInterrupt(() -> console().warn("stopping: deleting the generators' Job; its pods stop their users and report"))) {
            report = new LoadTest(new LoadRunner(), new BaselineStore(cfg.stateDir().resolve("baselines")), Clock.systemUTC())
                    .run(plan, loadTarget, options, () -> {
                        Optional<InClusterLoad.ApiCounts> before = counts(Optional.of(cluster));
                        InClusterLoad.Outcome outcome = cluster.run(plan, generators, image, GRACE, interrupt::watch, progress::update);
                        LoadResult merged = outcome.merged().map(LoadtestCommand::collectedFromPods).orElseGet(() -> new LoadResult(plan,
                                new Recording(java.util.Map.of()), Duration.ZERO, null, 1, false, List.of("no generator reported a result")));
                        return new LoadTest.Load(merged, outcome.generators(),
                                spread("the api Service from " + generators + " generator pods", Optional.of(cluster), before));
                    });
            progress.done(report.summary().requests() + " requests, " + report.summary().errors() + " errors");
        } catch (IllegalArgumentException e) {
            throw TodoctlException.usage(e.getMessage());
        }
        return render(report);
    }

    /** The merged figures are todoctl's recordings; Gatling's HTML reports stayed in the pods. */
    private static LoadResult collectedFromPods(LoadResult merged) {
        List<String> notes = new ArrayList<>(merged.notes());
        notes.add("merged from the generators' recordings; Gatling's HTML reports stayed in their pods (not collected)");
        return new LoadResult(merged.plan(), merged.recording(), merged.elapsed(), null, merged.gatlingExitCode(), merged.stopped(),
                notes, merged.setupPhase(), merged.setupRecording());
    }

    /** How long generators may take past the plan's duration (their JVMs start, users are prepared) before they count as stragglers. */
    static final Duration GRACE = Duration.ofMinutes(3);

    private Optional<InClusterLoad.ApiCounts> counts(Optional<InClusterLoad> pods) {
        try {
            return pods.map(InClusterLoad::apiRequestCounts);
        } catch (RuntimeException e) {
            console().warn("api pods' request counts not read: " + e.getMessage());
            return Optional.empty();
        }
    }

    private PodSpread spread(String via, Optional<InClusterLoad> pods, Optional<InClusterLoad.ApiCounts> before) {
        if (before.isEmpty()) {
            return null;
        }
        return counts(pods).map(after -> PodSpread.of(via, before.get(), after)).orElse(null);
    }

    private LoadPlan plan(TodoctlConfig cfg, String url, String poolKey, List<dev.todoctl.scenarios.Threshold> thresholds) {
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = resultsDir != null ? resultsDir.toAbsolutePath() : cfg.stateDir().resolve("loadtest").resolve(stamp + "-" + scenario);
        return plan(thresholds, url, poolKey, dir);
    }

    private LoadPlan plan(List<dev.todoctl.scenarios.Threshold> thresholds, String url, String poolKey, Path dir) {
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            return new LoadPlan(scenario, url, users, duration(ramp, "--ramp"), duration(duration, "--duration"),
                    duration(thinkTime, "--think-time"), dir, stamp + Long.toString(System.nanoTime() % 100_000, 36), thresholds,
                    userOptions(poolFile(poolKey)));
        } catch (IllegalArgumentException e) {
            throw TodoctlException.usage(e.getMessage());
        }
    }

    private LoadPlan.UserOptions userOptions(Path pool) {
        try {
            return new LoadPlan.UserOptions(signupInLoad, reuseUsers ? pool : null, userPrefix, setupConcurrency);
        } catch (IllegalArgumentException e) {
            throw TodoctlException.usage(e.getMessage());
        }
    }

    /**
     * The reused accounts of one prefix against one release ({@code <target>/<release>}, or the URL given with
     * {@code --base-url} alone): {@code <cache>/todoctl/loadtest-users/<prefix>-<hash of that>.properties}, where
     * {@code <cache>} is {@code $XDG_CACHE_HOME} or {@code ~/.cache}.
     */
    private Path poolFile(String key) {
        Path cache = env().get("XDG_CACHE_HOME").map(Path::of).orElse(env().home().resolve(".cache"));
        return cache.resolve("todoctl").resolve("loadtest-users").resolve(userPrefix + "-" + LoadtestCommand.shortHash(key) + ".properties");
    }

    static String shortHash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.replaceAll("/+$", "").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 5);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The set-up phase's progress: on the live line, and otherwise (not a terminal, JSON output) a line every 10 % so
     * that a long set-up is visibly moving.
     */
    private final class SetupLines {
        private final Progress progress;
        private int lastTenth = -1;

        SetupLines(Progress progress) {
            this.progress = progress;
        }

        void update(dev.todoctl.scenarios.SetupProgress s) {
            String line = String.format(Locale.ROOT, "set-up %d/%d users, %d failed, %ds", s.done(), s.users(), s.failed(),
                    s.elapsed().toSeconds());
            progress.update(line);
            int tenth = s.users() == 0 ? 10 : s.done() * 10 / s.users();
            if (tenth != lastTenth) {
                lastTenth = tenth;
                console().info("  " + line);
            }
        }
    }

    /** A busy api (timing out or 5xx, say still working off an earlier run) gets some patience; a refused connection none. */
    private static boolean answers(String url, Duration patience) {
        HttpProbe probe = new HttpProbe();
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            HttpProbe.Answer answer = probe.get(url);
            if (answer.ok()) {
                return true;
            }
            boolean busy = answer.status() >= 500 || String.valueOf(answer.body()).contains("timed out");
            if (!busy || System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static Duration duration(String text, String option) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        try {
            return Setting.parseDuration(text);
        } catch (RuntimeException e) {
            throw TodoctlException.usage(option + ": '" + text + "' is not a duration", "e.g. 500ms, 20s, 5m, 1h");
        }
    }
}
