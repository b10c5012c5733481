package dev.todoctl.cli.devloop;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.HttpProbe;
import dev.todoctl.cli.targets.LiveReload;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.ui.Console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * {@code todoctl dev}'s loop: deploy once, then for every batch of saved files do the least that serves them —
 * tell that a web asset is already served, compile a Java change and restart only the components it touches, or run
 * the whole {@code up} pipeline — and print one line per reload. A failed compile or redeploy is reported and the
 * loop goes on; the last good version keeps serving because nothing reaches the deployment until it built.
 */
public final class DevLoop {
    /** The whole {@code up} pipeline: empty when it succeeded, else its failure. */
    @FunctionalInterface
    public interface Redeploy {
        Optional<TodoctlException> run();
    }

    /** One reload's outcome, for the summary and for tests. */
    public record Reload(String kind, boolean ok, Duration fromSave, String line) {
    }

    private final Target target;
    private final Optional<LiveReload> live;
    private final ChangePlan.Layout layout;
    private final Path sessionDir;
    private final Console console;
    private final Redeploy redeploy;
    private final Duration readyTimeout;
    private final Duration grace;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Reload> reloads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Thread> tails = new LinkedHashMap<>();
    private final HttpProbe probe = new HttpProbe(Duration.ofSeconds(2));
    private IncrementalCompiler compiler;
    /** The components' URLs, read after each deploy (a restart keeps them): status is not free on every target. */
    private Map<String, String> urls = Map.of();

    public DevLoop(Target target, ChangePlan.Layout layout, Path sessionDir, Console console, Redeploy redeploy,
                   Duration readyTimeout, Duration grace) {
        this.target = target;
        this.live = target.liveReload();
        this.layout = layout;
        this.sessionDir = sessionDir;
        this.console = console;
        this.redeploy = redeploy;
        this.readyTimeout = readyTimeout;
        this.grace = grace;
    }

    public Path overlay() {
        return sessionDir.resolve("classes");
    }

    /** Deploys, then watches until {@link #stop()}; the caller decides whether the deployment stays up. */
    public void run(Optional<Path> builtJar, Path jdkHome) throws InterruptedException {
        resetOverlay();
        live.ifPresent(l -> l.begin(new LiveReload.Session(layout.webAssets(), overlay())));
        Optional<TodoctlException> first = redeploy.run();
        if (first.isPresent()) {
            throw first.get(); // nothing good to keep serving yet
        }
        urls = target.status().urls();
        live.ifPresent(l -> builtJar.ifPresent(jar -> compiler = new IncrementalCompiler(layout.javaRoot(), overlay(),
                jar, layout.sourceDir().resolve("pom.xml"), jdkHome)));
        try (SourceWatcher watcher = new SourceWatcher(layout.roots())) {
            startTails();
            console.info("watching " + watcher.watchedDirectories() + " directories under " + layout.sourceDir()
                    + (live.isPresent() ? "; web assets: " + live.get().webAssetsServed()
                    : "; every change runs `up` on the " + target.name() + " target") + " — Ctrl-C stops");
            while (!stopping.get()) {
                Set<Path> changed;
                try {
                    changed = watcher.next(Duration.ofMillis(500), Duration.ofMillis(150));
                } catch (java.nio.file.ClosedWatchServiceException e) {
                    break;
                }
                if (changed.isEmpty() && !watcher.overflowed()) {
                    continue;
                }
                ChangePlan plan = ChangePlan.of(layout, changed, watcher.overflowed());
                if (!plan.isEmpty()) {
                    apply(plan, watcher.firstChangeNanos());
                }
            }
        } catch (InterruptedException e) {
            if (!stopping.get()) {
                throw e;
            }
        } finally {
            stopTails();
            live.ifPresent(LiveReload::end);
        }
    }

    /**
     * Ends the loop (from a signal handler or another thread): {@link #run} returns within the watcher's poll
     * (half a second) or when the reload in progress is done — never half-way through a deploy.
     */
    public void stop() {
        stopping.set(true);
    }

    public List<Reload> reloads() {
        return List.copyOf(reloads);
    }

    private void apply(ChangePlan plan, long since) throws InterruptedException {
        if (!plan.redeploy().isEmpty() || live.isEmpty()) {
            String why = plan.redeploy().isEmpty() ? describe(plan) : String.join("; ", plan.redeploy());
            console.info(console.dim("↻ " + why + ": running up on " + target.name()));
            resetOverlay(); // the new jar holds every source; stale overlay classes must not shadow it
            Optional<TodoctlException> failure = redeploy.run();
            urls = target.status().urls();
            record("redeploy", failure.isEmpty(), since, failure.isEmpty() ? "redeployed (" + why + ")"
                    : "redeploy failed: " + failure.get().getMessage() + " — the deployment is as the pipeline left it");
            return;
        }
        boolean assetsServed = live.get().assetsFromSources();
        if (!plan.webAssets().isEmpty() && plan.sources().isEmpty() && plan.resources().isEmpty() && assetsServed) {
            record("web", true, since, names(plan.webAssets()) + ": served from the sources");
            return;
        }
        boolean assetsOnly = plan.sources().isEmpty() && plan.resources().isEmpty();
        if (!plan.webAssets().isEmpty() && assetsOnly && !assetsServed) {
            try {
                if (live.get().syncAssets()) {
                    record("web", true, since, names(plan.webAssets()) + ": copied into the running web component");
                    return;
                }
            } catch (RuntimeException e) {
                record("web", false, since, "copying " + names(plan.webAssets()) + " failed: " + e.getMessage()
                        + " — the last good version keeps serving");
                return;
            }
        }
        Set<String> components = new java.util.TreeSet<>(plan.components());
        if (!plan.webAssets().isEmpty() && !assetsServed) {
            components.add("web");
        }
        if (compiler == null) {
            record("restart", false, since, "no built jar to compile against; run `todoctl up` once");
            return;
        }
        long compileStart = System.nanoTime();
        step(since, "batch closed: " + describe(plan));
        int classes = 0;
        if (!plan.sources().isEmpty()) {
            IncrementalCompiler.Result result = compiler.compile(plan.sources());
            if (!result.ok()) {
                List<String> shown = result.errors().stream().limit(10).toList();
                shown.forEach(e -> console.warn(e));
                record("compile", false, since, "compile failed (" + result.errors().size() + " error"
                        + (result.errors().size() == 1 ? "" : "s") + " in " + names(plan.sources())
                        + ") — the last good version keeps serving");
                return;
            }
            classes = result.classes();
        }
        plan.resources().forEach(r -> compiler.copyResource(layout.resourcesRoot(), r));
        Duration compile = Duration.ofNanos(System.nanoTime() - compileStart);
        long restartStart = System.nanoTime();
        step(since, "compiled; restarting " + String.join(", ", components));
        try {
            live.get().restart(components, grace);
        } catch (RuntimeException e) {
            record("restart", false, since, "restart of " + String.join(", ", components) + " failed: "
                    + e.getMessage() + " — the last good version keeps serving");
            return;
        }
        step(since, "restart issued; waiting for readiness");
        List<String> notReady = live.get().restartWaits() ? List.of() : awaitReady(components);
        Duration ready = Duration.ofNanos(System.nanoTime() - restartStart);
        List<String> parts = new ArrayList<>();
        if (classes > 0) {
            parts.add(classes + " class" + (classes == 1 ? "" : "es"));
        }
        if (!plan.resources().isEmpty()) {
            parts.add(names(plan.resources()));
        }
        if (!plan.webAssets().isEmpty() && !assetsServed) {
            parts.add(names(plan.webAssets()));
        }
        String what = String.join(", ", parts);
        if (notReady.isEmpty()) {
            record("restart", true, since, String.join(" + ", components) + " restarted with " + what
                    + " (compile " + Console.seconds(compile) + ", ready " + Console.seconds(ready) + ")");
        } else {
            record("restart", false, since, String.join(", ", notReady) + " not ready within " + Console.seconds(readyTimeout)
                    + " after the restart — see its log lines above; fix and save again");
        }
    }

    private List<String> awaitReady(Set<String> components) throws InterruptedException {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        List<String> pending = new ArrayList<>(components);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            pending.removeIf(c -> urls.get(c) == null || probe.get(urls.get(c) + "/health/ready").ok());
            if (!pending.isEmpty()) {
                Thread.sleep(50);
            }
        }
        return pending;
    }

    /** With -v: where a reload's time goes, each step's time from the save. */
    private void step(long sinceNanos, String what) {
        console.detail("  +" + Duration.ofNanos(System.nanoTime() - sinceNanos).toMillis() + " ms " + what);
    }

    private void record(String kind, boolean ok, long sinceNanos, String line) {
        Duration fromSave = Duration.ofNanos(System.nanoTime() - sinceNanos);
        reloads.add(new Reload(kind, ok, fromSave, line));
        console.info((ok ? console.ok("✓ ") : console.bad("✗ ")) + line + " — " + Console.seconds(fromSave) + " from save");
    }

    /**
     * One follower per component, its lines prefixed and coloured. With live reload the target follows from now on
     * across restarts; otherwise (kubernetes) its {@code logs --follow} is reattached whenever it ends — a rollout
     * replaced the pod — so the new pod's lines come too.
     */
    private void startTails() {
        int i = 0;
        for (String component : List.of("api", "web")) {
            String prefix = console.accent(i++, String.format("%-4s|", component)) + " ";
            java.util.function.Consumer<String> print = line -> {
                synchronized (console) {
                    console.info(prefix + line);
                }
            };
            Thread t = Thread.ofVirtual().name("dev-log-" + component).start(() -> {
                try {
                    if (live.isPresent()) {
                        live.get().tail(component, print);
                        return;
                    }
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            target.logs(component, true, new java.io.PrintWriter(new dev.todoctl.cli.ui.LineWriter(print), true));
                        } catch (RuntimeException e) {
                            // no pod yet, or the API server hiccuped: try again shortly
                        }
                        Thread.sleep(1000);
                    }
                } catch (InterruptedException e) {
                    // stopping
                }
            });
            tails.put(component, t);
        }
    }

    private void stopTails() {
        tails.values().forEach(Thread::interrupt);
        for (Thread t : tails.values()) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        tails.clear();
    }

    private void resetOverlay() {
        Path overlay = overlay();
        if (Files.exists(overlay)) {
            try (Stream<Path> files = Files.walk(overlay)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot clear " + overlay + ": " + e.getMessage(), e);
            }
        }
        try {
            Files.createDirectories(overlay);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + overlay + ": " + e.getMessage(), e);
        }
    }

    private String describe(ChangePlan plan) {
        List<Path> all = new ArrayList<>(plan.sources());
        all.addAll(plan.resources());
        all.addAll(plan.webAssets());
        return names(all) + " changed";
    }

    private static String names(java.util.Collection<Path> paths) {
        List<String> names = paths.stream().map(p -> p.getFileName().toString()).distinct().toList();
        return names.size() <= 3 ? String.join(", ", names) : String.join(", ", names.subList(0, 3)) + " and "
                + (names.size() - 3) + " more";
    }
}
