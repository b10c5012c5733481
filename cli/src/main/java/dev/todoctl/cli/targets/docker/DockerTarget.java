package dev.todoctl.cli.targets.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import dev.todoctl.cli.build.DockerEngine;
import dev.todoctl.cli.build.DockerImageBuilder;
import dev.todoctl.cli.chart.ChartValues;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.ArtifactBuilder;
import dev.todoctl.cli.load.ImageLoader;
import dev.todoctl.cli.pipeline.Stages;
import dev.todoctl.cli.platform.Concurrently;
import dev.todoctl.cli.platform.HttpProbe;
import dev.todoctl.cli.rollout.ComponentStatus;
import dev.todoctl.cli.sampling.ContainerSampler;
import dev.todoctl.cli.sampling.ResourceSampler;
import dev.todoctl.cli.targets.Applicability;
import dev.todoctl.cli.targets.DatabaseAccess;
import dev.todoctl.cli.targets.EventLog;
import dev.todoctl.cli.targets.Restarts;
import dev.todoctl.cli.targets.SecretRotation;
import dev.todoctl.cli.targets.RevisionStore;
import dev.todoctl.cli.targets.Revisions;
import dev.todoctl.cli.targets.SampledUsage;
import dev.todoctl.cli.targets.SnapshotSource;
import dev.todoctl.cli.targets.UsageMeter;
import dev.todoctl.cli.targets.DeployedConfig;
import dev.todoctl.cli.targets.DownResult;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.LiveReload;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.verify.SmokeVerifier;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * api, web and PostgreSQL as containers on a user-defined network with a named volume for the database (the
 * docker-compose use case), driven through docker-java. Applicable when a Docker engine answers.
 */
public final class DockerTarget implements Target {
    private final TargetContext ctx;
    private final DockerEngine engine;

    public DockerTarget(TargetContext ctx) {
        this.ctx = ctx;
        this.engine = new DockerEngine(ctx.config(), ctx.env());
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public Applicability isApplicable() {
        StringBuilder whyNot = new StringBuilder();
        return engine.version(whyNot)
                .map(v -> Applicability.yes("Docker engine " + v.version() + " (API " + v.apiVersion() + ") at " + engine.host()))
                .orElseGet(() -> Applicability.no(whyNot.toString()));
    }

    public TargetContext context() {
        return ctx;
    }

    /** The release's containers, network and volume on this target's engine (for {@code todoctl diagnose}). */
    public DockerStack stack() {
        return new DockerStack(engine.client(), ctx.config().release());
    }

    private Path secretsDir() {
        return ctx.config().stateDir().resolve("docker");
    }

    @Override
    public Stages stages() {
        ArtifactBuilder jar = new ArtifactBuilder(ctx.config(), ctx.env(), ctx.console());
        ChartValues values = ChartValues.read(jar.sourceDir().resolve(ctx.config().images().chart()), ctx.config().profile());
        return new Stages(new DockerImageBuilder(ctx.config(), ctx.env(), ctx.console(), engine, jar),
                ImageLoader.none("the engine that built the images runs them"),
                new DockerDeployer(ctx.config(), stack(), values, secretsDir(), ctx.console(), store(),
                        Optional.ofNullable(devSession)),
                watcher(), verifier());
    }

    /** A deployer for a rollback: the chart's values are not read (the revision carries its own configuration). */
    DockerDeployer deployer() {
        return new DockerDeployer(ctx.config(), stack(), null, secretsDir(), ctx.console(), store());
    }

    DockerRolloutWatcher watcher() {
        return new DockerRolloutWatcher(stack(), ctx.console(), store());
    }

    SmokeVerifier verifier() {
        return new SmokeVerifier(this::urls);
    }

    private RevisionStore store() {
        return new RevisionStore(secretsDir().resolve("revisions.json"), ctx.clock());
    }

    @Override
    public Optional<Revisions> revisions() {
        return Optional.of(new DockerRevisions(this, store()));
    }

    Map<String, String> urls() {
        DockerStack stack = stack();
        return urls(Concurrently.map(List.of("web", "api"), c -> stack.inspect(c).map(ContainerFacts::of)));
    }

    private static Map<String, String> urls(Map<String, Optional<ContainerFacts>> containers) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (String component : List.of("web", "api")) {
            containers.get(component).map(c -> c.label(DockerStack.HOST_PORT)).filter(p -> !p.isEmpty())
                    .ifPresent(port -> urls.put(component, "http://127.0.0.1:" + port));
        }
        return urls;
    }

    /**
     * One inspect per container, side by side, then the readiness probes side by side (see
     * {@link DockerRolloutWatcher#statuses(Map, HttpProbe, java.util.function.Predicate)}). On a local socket the
     * engine is asked directly ({@link DockerEngine#json}), without docker-java: its client and typed answers were
     * ~0.7 s of CPU in a fresh JVM (measured: status of a release with no containers 1.2–1.5 s CPU against 0.6 s for `config view`), most of {@code todoctl status}. The release's container list is asked only when
     * none of its containers is there (as before: any container labelled with the release means it is deployed).
     */
    @Override
    public StatusReport status() {
        Map<String, Optional<ContainerFacts>> containers = Concurrently.map(DockerStack.COMPONENTS, this::facts);
        if (containers.values().stream().allMatch(Optional::isEmpty) && !anyLabelled()) {
            return StatusReport.notDeployed(name(), ctx.config().release());
        }
        int revision = containers.get("api").map(c -> c.label(DockerStack.REVISION)).filter(s -> !s.isEmpty())
                .map(Integer::parseInt).orElse(0);
        List<ComponentStatus> components = DockerRolloutWatcher.statuses(containers, new HttpProbe(),
                id -> watcher().pgReady(id));
        return new StatusReport(name(), new StatusReport.Release(ctx.config().release(), revision), components,
                urls(containers), true);
    }

    private Optional<ContainerFacts> facts(String component) {
        if (engine.socket().isEmpty()) {
            return stack().inspect(component).map(ContainerFacts::of);
        }
        try {
            return engine.json("/containers/" + DockerStack.container(ctx.config().release(), component) + "/json")
                    .map(ContainerFacts::of);
        } catch (IOException e) {
            throw stoppedAnswering(e);
        }
    }

    private boolean anyLabelled() {
        if (engine.socket().isEmpty()) {
            return !stack().containers().isEmpty();
        }
        String filter = "{\"label\":[\"" + DockerStack.RELEASE + "=" + ctx.config().release() + "\"]}";
        try {
            return engine.json("/containers/json?all=1&filters=" + URLEncoder.encode(filter, StandardCharsets.UTF_8))
                    .map(list -> !list.isEmpty()).orElse(false);
        } catch (IOException e) {
            throw stoppedAnswering(e);
        }
    }

    /** No engine, or one restarting underneath (its socket there, nobody listening): said so, exit 2, nothing waited for. */
    private TodoctlException stoppedAnswering(IOException e) {
        return new TodoctlException(Phase.USAGE, engine.endpoint().name() + " does not answer: " + e.getMessage(),
                List.of("start the engine (scripts/docker-engine.sh, or `dockerd &`; `docker info` tells when it is up), "
                        + "then run the command again"));
    }

    @Override
    public DownResult down(boolean purge) {
        DockerStack stack = stack();
        List<String> removed = new ArrayList<>();
        for (String component : List.of("web", "api", "postgres")) {
            if (stack.inspect(component).isPresent()) {
                stack.remove(component, (int) ctx.config().stopGrace().toSeconds());
                removed.add("container " + stack.container(component));
            }
        }
        try {
            engine.client().removeNetworkCmd(stack.network()).exec();
            removed.add("network " + stack.network());
        } catch (NotFoundException e) {
            // never created or already gone
        }
        List<String> kept = new ArrayList<>();
        boolean volume = volumeExists(stack);
        if (purge) {
            if (volume) {
                engine.client().removeVolumeCmd(stack.volume()).exec();
                removed.add("volume " + stack.volume() + " (database)");
            }
            for (RevisionStore.Entry entry : store().list()) {
                for (String image : entry.images()) {
                    untag(DockerDeployer.keptTag(image, ctx.config().release(), entry.revision()));
                }
            }
            deleteTree(secretsDir());
        } else if (volume) {
            kept.add("volume " + stack.volume() + " (database)");
        }
        return new DownResult(name(), ctx.config().release(), removed, kept);
    }

    private void untag(String reference) {
        try {
            engine.client().removeImageCmd(reference).withNoPrune(false).exec();
        } catch (RuntimeException e) {
            // already gone, or still in use: nothing to release
        }
    }

    private boolean volumeExists(DockerStack stack) {
        try {
            engine.client().inspectVolumeCmd(stack.volume()).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * A plain engine has no Secret objects: DockerDeployer hands the secrets to the containers as env, where
     * {@code docker inspect} shows them to whoever can reach the engine. That is deliberate and documented, so the
     * variables it passes as secrets ({@link DockerDeployer#SECRET_ENV}) are not "plain configuration"; every other
     * env variable of the release's containers is, and must hold no secret value. The api container's values of
     * the secret variables are what validation then looks for everywhere else.
     */
    @Override
    public Optional<DeployedConfig> deployedConfig() {
        DockerStack stack = stack();
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String component : DockerStack.COMPONENTS) {
            Optional<InspectContainerResponse> container = stack.inspect(component);
            String[] env = container.map(c -> c.getConfig().getEnv()).orElse(null);
            for (String entry : env == null ? new String[0] : env) {
                int eq = entry.indexOf('=');
                String name = eq < 0 ? entry : entry.substring(0, eq);
                String value = eq < 0 ? "" : entry.substring(eq + 1);
                if (!DockerDeployer.SECRET_ENV.contains(name)) {
                    plain.put("env/" + stack.container(component) + "/" + name, value);
                } else if (component.equals("api") && !value.isEmpty()) {
                    secrets.put(name, value);
                }
            }
        }
        return Optional.of(new DeployedConfig(plain, Optional.empty(), secrets));
    }

    @Override
    public Optional<Restarts> restarts() {
        return Optional.of(new Restarts() {
            @Override
            public String unit() {
                return "container";
            }

            @Override
            public void restart(String component) {
                DockerTarget.this.restart(component);
            }
        });
    }

    @Override
    public Optional<EventLog> events() {
        return Optional.of(new ContainerStates(stack()));
    }

    @Override
    public Optional<ResourceSampler> sampler() {
        Map<String, String> containers = new LinkedHashMap<>();
        DockerStack stack = stack();
        for (String component : DockerStack.COMPONENTS) {
            containers.put(component, stack.container(component));
        }
        return Optional.of(new ContainerSampler(engine.client(), containers));
    }

    @Override
    public Optional<UsageMeter> usage() {
        return Optional.of(new SampledUsage("docker stats", () -> sampler().orElseThrow(), 0));
    }

    @Override
    public Optional<SecretRotation> secretRotation() {
        return Optional.of(new SecretRotation() {
            @Override
            public Rotated rotateJwt(Duration timeout) {
                return new DockerRevisions(DockerTarget.this, store()).rotateJwt(secretsDir(), timeout);
            }

            @Override
            public Rotated rotateDatabase(Duration timeout) {
                return new DockerRevisions(DockerTarget.this, store()).rotateDatabase(secretsDir(), timeout);
            }
        });
    }

    @Override
    public Optional<DatabaseAccess> database() {
        return Optional.of(new DockerDatabase(this, stack()).access());
    }

    @Override
    public Optional<SnapshotSource> diagnosis() {
        return Optional.of(apiUrl -> new DockerCollector(this).collect());
    }

    private volatile LiveReload.Session devSession;

    /**
     * On an engine on this machine: the containers bind-mount the overlay and the web assets, so a restart is all a
     * Java change needs and an asset needs nothing. A remote engine (minikube's, another host's) cannot see this
     * machine's files: there every change goes through {@code up}.
     */
    @Override
    public Optional<LiveReload> liveReload() {
        if (!engineIsLocal(engine.host())) {
            return Optional.empty();
        }
        return Optional.of(new LiveReload() {
            @Override
            public void begin(Session session) {
                devSession = session;
            }

            @Override
            public String webAssetsServed() {
                return "the web container serves them from the sources (bind mount)";
            }

            @Override
            public void restart(java.util.Set<String> components, Duration grace) {
                for (String component : List.of("api", "web")) {
                    if (components.contains(component)) {
                        engine.client().restartContainerCmd(stack().container(component))
                                .withTimeout((int) Math.max(1, grace.toSeconds())).exec();
                    }
                }
            }

            @Override
            public void tail(String component, java.util.function.Consumer<String> line) throws InterruptedException {
                String container = stack().container(component);
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        var stream = engine.client().logContainerCmd(container).withStdOut(true).withStdErr(true)
                                .withFollowStream(true).withSince((int) (System.currentTimeMillis() / 1000))
                                .exec(new ResultCallback.Adapter<Frame>() {
                                    @Override
                                    public void onNext(Frame frame) {
                                        new String(frame.getPayload(), StandardCharsets.UTF_8).lines().forEach(line);
                                    }
                                });
                        try {
                            stream.awaitCompletion(); // ends when the container stops (a restart): follow the new one
                        } finally {
                            try {
                                stream.close();
                            } catch (java.io.IOException e) {
                                // closing a finished stream
                            }
                        }
                    } catch (RuntimeException e) {
                        // the engine restarting, or the container between two lives: follow again shortly
                    }
                    Thread.sleep(500);
                }
                throw new InterruptedException();
            }
        });
    }

    static boolean engineIsLocal(String host) {
        return host.startsWith("unix://") || host.startsWith("npipe://") || host.matches("tcp://(127\\.0\\.0\\.1|localhost)(:\\d+)?/?");
    }

    private void restart(String component) {
        DockerStack stack = stack();
        if (stack.inspect(component).isEmpty()) {
            throw new TodoctlException(Phase.USAGE, "no " + component + " container for release "
                    + ctx.config().release(), List.of("run `todoctl up --target docker` first"));
        }
        engine.client().restartContainerCmd(stack.container(component))
                .withTimeout((int) Math.max(1, ctx.config().stopGrace().toSeconds())).exec();
    }

    @Override
    public void logs(String component, boolean follow, PrintWriter out) {
        DockerStack stack = stack();
        List<String> components = component == null ? List.of("api", "web") : List.of(component);
        if (components.stream().allMatch(c -> stack.inspect(c).isEmpty())) {
            throw new TodoctlException(Phase.USAGE, "no " + String.join("/", components) + " container for release "
                    + ctx.config().release(), List.of("run `todoctl up --target docker` first"));
        }
        List<ResultCallback.Adapter<Frame>> streams = new ArrayList<>();
        for (String c : components) {
            String prefix = component == null ? c + " | " : "";
            streams.add(engine.client().logContainerCmd(stack.container(c)).withStdOut(true).withStdErr(true)
                    .withFollowStream(follow).exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                            synchronized (out) {
                                text.lines().forEach(line -> out.println(prefix + line));
                                out.flush();
                            }
                        }
                    }));
        }
        for (var stream : streams) {
            try {
                stream.awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
