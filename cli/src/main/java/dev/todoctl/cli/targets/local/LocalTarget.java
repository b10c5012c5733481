package dev.todoctl.cli.targets.local;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.ArtifactBuilder;
import dev.todoctl.cli.load.ImageLoader;
import dev.todoctl.cli.pipeline.Stages;
import dev.todoctl.cli.platform.Concurrently;
import dev.todoctl.cli.platform.HttpProbe;
import dev.todoctl.cli.rollout.ComponentStatus;
import dev.todoctl.cli.sampling.ProcessSampler;
import dev.todoctl.cli.sampling.ResourceSampler;
import dev.todoctl.cli.targets.Applicability;
import dev.todoctl.cli.targets.DatabaseAccess;
import dev.todoctl.cli.targets.Restarts;
import dev.todoctl.cli.targets.SecretRotation;
import dev.todoctl.cli.targets.RevisionStore;
import dev.todoctl.cli.targets.LiveReload;
import dev.todoctl.cli.targets.Revisions;
import dev.todoctl.cli.targets.SampledUsage;
import dev.todoctl.cli.targets.SnapshotSource;
import dev.todoctl.cli.targets.UsageMeter;
import dev.todoctl.cli.targets.DownResult;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.verify.SmokeVerifier;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * api and web as local JVM processes with the embedded H2 database under the state directory: needs nothing
 * but a JDK >= 21, so it is always applicable and the last resort of {@code up}'s auto-selection.
 */
public final class LocalTarget implements Target {
    private final TargetContext ctx;
    private final LocalState state;
    private final LocalProcesses processes;
    private final HttpProbe http = new HttpProbe();
    private volatile LiveReload.Session devSession;

    public LocalTarget(TargetContext ctx) {
        this.ctx = ctx;
        this.state = new LocalState(ctx.config().stateDir());
        this.processes = new LocalProcesses(state);
    }

    @Override
    public String name() {
        return "local";
    }

    public TargetContext context() {
        return ctx;
    }

    @Override
    public Applicability isApplicable() {
        return Applicability.yes("needs only a JDK >= 21; state in " + state.dir());
    }

    @Override
    public Stages stages() {
        return new Stages(new ArtifactBuilder(ctx.config(), ctx.env(), ctx.console()),
                ImageLoader.none("local processes run a kept copy of the jar"), deployer(), watcher(), verifier());
    }

    LocalDeployer deployer() {
        return new LocalDeployer(ctx.config(), ctx.env(), state, processes, store(), Optional.ofNullable(devSession));
    }

    LocalRolloutWatcher watcher() {
        return new LocalRolloutWatcher(this, state, ctx.console(), ctx.clock(), store());
    }

    SmokeVerifier verifier() {
        return new SmokeVerifier(this::urls);
    }

    private RevisionStore store() {
        return new RevisionStore(state.dir().resolve("revisions.json"), ctx.clock());
    }

    @Override
    public Optional<Revisions> revisions() {
        return Optional.of(new LocalRevisions(this, store()));
    }

    Map<String, String> urls() {
        return state.deployment().map(d -> {
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put("web", "http://127.0.0.1:" + d.webPort());
            urls.put("api", "http://127.0.0.1:" + d.apiPort());
            return urls;
        }).orElse(Map.of());
    }

    /** Process alive + readiness endpoint, per component (side by side); "exited" when a recorded process is gone. */
    List<ComponentStatus> componentStatuses() {
        Optional<LocalState.Deployment> deployment = state.deployment();
        return List.copyOf(Concurrently.map(LocalDeployer.COMPONENTS, component -> componentStatus(component, deployment))
                .values());
    }

    private ComponentStatus componentStatus(String component, Optional<LocalState.Deployment> deployment) {
        String image = deployment.map(d -> Path.of(d.jar()).getFileName() + "@" + d.jarDigest()
                .substring(0, Math.min(19, d.jarDigest().length()))).orElse("");
        Optional<ProcessHandle> process = processes.find(component);
        if (process.isEmpty()) {
            return new ComponentStatus(component, 0, 1, image, deployment.isPresent() ? "exited" : "not deployed");
        }
        int port = deployment.map(d -> "api".equals(component) ? d.apiPort() : d.webPort()).orElse(0);
        HttpProbe.Answer ready = http.get("http://127.0.0.1:" + port + "/health/ready");
        String detail = "pid " + process.get().pid() + ", " + (ready.ok() ? "ready"
                : ready.status() < 0 ? "starting" : "not ready (" + ready.status() + ")");
        return new ComponentStatus(component, ready.ok() ? 1 : 0, 1, image, detail);
    }

    @Override
    public StatusReport status() {
        Optional<LocalState.Deployment> deployment = state.deployment();
        if (deployment.isEmpty()) {
            return StatusReport.notDeployed(name(), ctx.config().release());
        }
        return new StatusReport(name(), new StatusReport.Release(ctx.config().release(), deployment.get().revision()),
                componentStatuses(), urls(), true);
    }

    @Override
    public DownResult down(boolean purge) {
        List<String> removed = new ArrayList<>();
        for (String component : LocalDeployer.COMPONENTS) {
            if (processes.stop(component, ctx.config().stopGrace())) {
                removed.add(component + " process");
            }
        }
        state.forgetDeployment();
        List<String> kept = new ArrayList<>();
        if (purge) {
            state.purge();
            removed.add("state directory " + state.dir() + " (database, logs, secret)");
        } else {
            kept.add("database " + state.dataDir());
            kept.add("logs " + state.logFile("api").getParent());
        }
        return new DownResult(name(), ctx.config().release(), removed, kept);
    }

    /** The web process serves the assets from the sources; a restart is a new JVM with the overlay first. */
    @Override
    public Optional<LiveReload> liveReload() {
        return Optional.of(new LiveReload() {
            @Override
            public void begin(Session session) {
                devSession = session;
            }

            @Override
            public String webAssetsServed() {
                return "the web process serves them from the sources";
            }

            @Override
            public void restart(java.util.Set<String> components, java.time.Duration grace) {
                deployer().restart(components, grace);
            }

            @Override
            public void tail(String component, java.util.function.Consumer<String> line) throws InterruptedException {
                LogFollower.tail(state.logFile(component), line);
            }
        });
    }

    @Override
    public Optional<Restarts> restarts() {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return Optional.empty();
        }
        return Optional.of(new Restarts() {
            @Override
            public String unit() {
                return "process";
            }

            @Override
            public void restart(String component) {
                LocalTarget.this.restart(component);
            }
        });
    }

    /** CPU time and RSS of the running api and web processes from /proc; empty when none runs. */
    @Override
    public Optional<ResourceSampler> sampler() {
        Map<String, ProcessHandle> found = new LinkedHashMap<>();
        for (String component : LocalDeployer.COMPONENTS) {
            processes.find(component).ifPresent(p -> found.put(component, p));
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(new ProcessSampler(found));
    }

    @Override
    public Optional<UsageMeter> usage() {
        return sampler().map(s -> new SampledUsage("process CPU time and RSS from /proc", () -> sampler().orElse(s), 500));
    }

    @Override
    public Optional<SnapshotSource> diagnosis() {
        return Optional.of(apiUrl -> new LocalCollector(this).collect());
    }

    /**
     * Stops the component's process and starts it again with exactly its command line and environment, read back
     * from {@code /proc} — so the secret it was given never has to be written anywhere else.
     */
    private void restart(String component) {
        Launch launch = launch(component);
        processes.stop(component, ctx.config().stopGrace());
        processes.start(component, launch.argv(), launch.environment(), state.dir());
    }

    /** How a running component was started: its command line and environment, read from {@code /proc}. */
    record Launch(List<String> argv, Map<String, String> environment) {
    }

    /**
     * Reads how {@code component} was started from {@code /proc}, so it can be started again exactly so without the
     * secret it was given ever being written anywhere else.
     */
    Launch launch(String component) {
        ProcessHandle running = processes.find(component).orElseThrow(() -> new TodoctlException(Phase.USAGE,
                "no running " + component + " process for release " + ctx.config().release(),
                List.of("run `todoctl up --target local` first")));
        Map<String, String> environment = new LinkedHashMap<>();
        try {
            List<String> argv = List.of(Files.readString(Path.of("/proc", Long.toString(running.pid()), "cmdline")).split("\0"));
            for (String entry : Files.readString(Path.of("/proc", Long.toString(running.pid()), "environ")).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    environment.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            return new Launch(argv, environment);
        } catch (java.io.IOException e) {
            throw new TodoctlException(Phase.DEPLOY, "cannot read how " + component + " was started: "
                    + e.getMessage(), List.of("run `todoctl down` and `todoctl up` instead"));
        }
    }

    LocalProcesses processes() {
        return processes;
    }

    LocalState state() {
        return state;
    }

    @Override
    public Optional<SecretRotation> secretRotation() {
        return Optional.of(new SecretRotation() {
            @Override
            public Rotated rotateJwt(Duration timeout) {
                return new LocalRevisions(LocalTarget.this, store()).rotateJwt(state.dir(), timeout);
            }

            /** The local api always runs on the embedded H2 file: no server, no network, no password to rotate. */
            @Override
            public Rotated rotateDatabase(Duration timeout) {
                throw TodoctlException.usage("the local target's database is the api's embedded H2 file (no server, "
                        + "no network, no password): there is nothing to rotate; nothing was changed",
                        "the docker and kubernetes targets run PostgreSQL: `todoctl secrets rotate database --target docker`");
            }
        });
    }

    @Override
    public Optional<DatabaseAccess> database() {
        return Optional.of(new LocalDatabase(this).access());
    }

    @Override
    public void logs(String component, boolean follow, PrintWriter out) {
        List<Path> files = (component == null ? LocalDeployer.COMPONENTS : List.of(component)).stream()
                .map(state::logFile).toList();
        new LogFollower(files, component == null).copy(follow, out);
    }
}
