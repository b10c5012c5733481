package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.Artifact;
import dev.todoctl.cli.build.ArtifactBuilder;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.build.ImageBuilder;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.load.ImageLoader;
import dev.todoctl.cli.pipeline.Pipeline;
import dev.todoctl.cli.pipeline.PipelineListener;
import dev.todoctl.cli.pipeline.RunReport;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.verify.VerifyResult;
import dev.todoctl.cli.pipeline.Stages;
import dev.todoctl.cli.targets.Applicability;
import dev.todoctl.cli.targets.ChartValuesEditor;
import dev.todoctl.cli.targets.DatabaseAccess;
import dev.todoctl.cli.targets.DeployFlags;
import dev.todoctl.cli.targets.DeployOnly;
import dev.todoctl.cli.targets.EventLog;
import dev.todoctl.cli.targets.PortForwards;
import dev.todoctl.cli.targets.Restarts;
import dev.todoctl.cli.targets.SecretRotation;
import dev.todoctl.cli.targets.Revisions;
import dev.todoctl.cli.targets.SnapshotSource;
import dev.todoctl.cli.targets.UsageMeter;
import dev.todoctl.cli.targets.Workloads;
import dev.todoctl.cli.targets.DeployedConfig;
import dev.todoctl.cli.targets.DownResult;
import dev.todoctl.cli.targets.Endpoints;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.build.DockerEngine;
import dev.todoctl.cli.build.DockerImageBuilder;
import dev.todoctl.cli.build.ImageBuilder;
import dev.todoctl.cli.platform.CommandRunner;
import dev.todoctl.cli.verify.Verifier;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Any kubeconfig context (minikube, kind, Docker Desktop, a remote cluster) and a namespace: images loaded into
 * the cluster (or pushed), the chart installed as a Helm release by the embedded Helm, the rollout waited for
 * with reasons, atomic by default (a failed rollout goes back to the last good revision), smoke-checked through
 * port-forwards, web reachable on its NodePort.
 */
public final class KubernetesTarget implements Target {
    /** What differs between a real cluster and the tests' mock API server. */
    public record Tuning(HelmService.Options helm, Duration poll, boolean atomic, Map<String, String> helmSets,
                         Map<String, String> secrets, Function<KubernetesTarget, Verifier> verifier) {
        public Tuning {
            helmSets = Map.copyOf(helmSets);
            secrets = Map.copyOf(secrets);
        }

        public static Tuning standard() {
            return new Tuning(HelmService.Options.standard(), Duration.ofSeconds(1), true, Map.of(), Map.of(),
                    PortForwardSmokeVerifier::new);
        }

        /** What {@code deploy}/{@code rollback} flags change: Helm's --force, atomic, chart --sets, secrets. */
        public Tuning with(boolean force, boolean atomic, Map<String, String> helmSets, Map<String, String> secrets) {
            return new Tuning(new HelmService.Options(force || helm.force()), poll, atomic, helmSets, secrets, verifier);
        }

        /** No smoke check (it needs port-forwards to running pods). */
        public Tuning withoutVerify() {
            return new Tuning(helm, poll, atomic, helmSets, secrets, target -> rollout -> skipped());
        }

        static Tuning from(DeployFlags flags) {
            Tuning tuning = standard().with(flags.force(), flags.atomic(), flags.helmSets(), flags.secrets());
            return flags.verify() ? tuning : tuning.withoutVerify();
        }
    }

    private final TargetContext ctx;
    private final Tuning tuning;
    private final KubeEndpoints endpoints = new KubeEndpoints(this);
    private KubeAccess kube;

    public KubernetesTarget(TargetContext ctx) {
        this(ctx, Tuning.standard());
    }

    public KubernetesTarget(TargetContext ctx, Tuning tuning) {
        this.ctx = ctx;
        this.tuning = tuning;
    }

    /** With what the command line's deploy flags change (the selector builds targets this way). */
    public KubernetesTarget(TargetContext ctx, DeployFlags flags) {
        this(ctx, Tuning.from(flags));
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    public TargetContext context() {
        return ctx;
    }

    /** The kubeconfig's context, read once per command (every step asks for it; parsing it each time added up). */
    public synchronized KubeAccess kube() {
        if (kube == null) {
            kube = KubeAccess.from(ctx.env(), ctx.config().kubernetes().context(), ctx.config().kubernetes().namespace());
        }
        return kube;
    }

    public HelmService helm() {
        return new HelmService(kube(), ctx.config().release(), tuning.helm());
    }

    @Override
    public Applicability isApplicable() {
        KubeAccess kube;
        try {
            kube = kube();
        } catch (TodoctlException e) {
            return Applicability.no(e.getMessage());
        }
        try (KubernetesClient client = kube.quickClient()) {
            String version = client.getKubernetesVersion().getGitVersion();
            return Applicability.yes(kube.describe() + " reachable (Kubernetes " + version + ")");
        } catch (RuntimeException e) {
            return Applicability.no(kube.describe() + " not reachable: " + firstLine(e));
        }
    }

    /** Fails with exit 30 and the reason when the cluster does not answer, before anything is changed. */
    public KubeAccess requireReachable() {
        Applicability applicability = isApplicable();
        if (!applicability.applicable()) {
            throw new TodoctlException(Phase.DEPLOY, "the kubernetes target is not usable: " + applicability.reason(),
                    List.of("check the context: `kubectl --context " + ctx.config().kubernetes().context() + " get nodes`",
                            "start the cluster (minikube start, kind create cluster) or choose another with --set kubernetes.context=..."));
        }
        return kube();
    }

    /**
     * On a minikube context (and {@code kubernetes.minikube-engine}, the default), the images are built in the
     * profile's own Docker engine and there is nothing to load; the engine is asked for ({@link MinikubeEngine}) when
     * the build starts, so a refusal comes before anything is built or deployed. Elsewhere: built in this machine's
     * engine, then loaded ({@link ClusterImageLoader}).
     */
    @Override
    public Stages stages() {
        Optional<String> profile = minikubeBuildProfile();
        if (profile.isPresent()) {
            ImageBuilder builder = () -> imageBuilder(new MinikubeEngine(ctx.env(), new CommandRunner())
                    .engine(profile.get())).build();
            return new Stages(builder, ImageLoader.none("built into minikube's engine (profile " + profile.get()
                    + "): no load step"), stageDeployer(), watcher(), tuning.verifier().apply(this));
        }
        return new Stages(imageBuilder(new DockerEngine(ctx.config(), ctx.env())), loader(), stageDeployer(), watcher(),
                tuning.verifier().apply(this));
    }

    /**
     * The deploy stage: Helm with the chart's values, and during {@code todoctl dev} also the dev block that runs
     * each app container under the reload supervisor ({@link KubeLiveReload#devValues}), decided per build because
     * it needs the built images' own java command.
     */
    private dev.todoctl.cli.deploy.ReleaseDeployer stageDeployer() {
        if (!liveReload.active()) {
            return deployer();
        }
        return build -> deployer(liveReload.devValues(build)).deploy(build);
    }

    /**
     * The engine images are built in, for {@code todoctl dev}'s thin layers too: minikube's own (then nothing is
     * loaded afterwards) or this machine's.
     */
    DockerEngine buildEngine() {
        Optional<String> profile = minikubeBuildProfile();
        return profile.isPresent() ? new MinikubeEngine(ctx.env(), new CommandRunner()).engine(profile.get())
                : new DockerEngine(ctx.config(), ctx.env());
    }

    /** The minikube profile whose engine builds the images, when there is one ({@code kubernetes.minikube-engine}). */
    Optional<String> minikubeBuildProfile() {
        return ctx.config().kubernetes().minikubeEngine() ? minikubeProfile() : Optional.empty();
    }

    private DockerImageBuilder imageBuilder(DockerEngine engine) {
        return new DockerImageBuilder(ctx.config(), ctx.env(), ctx.console(), engine,
                new ArtifactBuilder(ctx.config(), ctx.env(), ctx.console()));
    }

    /** {@code kubernetes.minikube-profile}, else the context's name when it is {@code minikube} or {@code minikube-*}. */
    public Optional<String> minikubeProfile() {
        return ClusterImageLoader.Cluster.of(kube().context(), ctx.config().kubernetes().minikubeProfile())
                instanceof ClusterImageLoader.Cluster.Minikube m ? Optional.of(m.profile()) : Optional.empty();
    }

    public ClusterImageLoader loader() {
        DockerEngine engine = new DockerEngine(ctx.config(), ctx.env());
        return new ClusterImageLoader(kube(), ctx.config().build(), ctx.env(), ctx.console()::info,
                ctx.config().kubernetes().containerdSocket(), reference -> engine.client().saveImageCmd(reference).exec(),
                ctx.config().kubernetes().minikubeProfile());
    }

    public HelmReleaseDeployer deployer() {
        return deployer(Map.of());
    }

    private HelmReleaseDeployer deployer(Map<String, Object> values) {
        Path chart = chartDir();
        Path profile = chart.resolve("values-" + ctx.config().profile() + ".yaml");
        Map<String, String> secrets = new LinkedHashMap<>(ctx.config().app().secretEnv());
        secrets.putAll(tuning.secrets());
        Map<String, String> sets = new LinkedHashMap<>();
        ctx.config().app().env().forEach((k, v) -> {
            if (!k.equals("LOG_LEVEL")) {
                sets.put("api.env." + k, v);
            }
        });
        sets.putAll(tuning.helmSets());
        return new HelmReleaseDeployer(helm(), new HelmReleaseDeployer.Plan(chart, Optional.of(profile), sets, secrets,
                values), ctx.console()::info);
    }

    public AtomicRollout watcher() {
        KubeAccess kube = kube();
        return new AtomicRollout(new KubeRolloutWatcher(kube, ctx.config().release(), ctx.console()::info, ctx.clock(),
                tuning.poll()), helm(), tuning.atomic(), ctx.console()::info);
    }

    public Verifier verifier() {
        return tuning.verifier().apply(this);
    }

    /** The rollout wait without the atomic rollback (a rollback's own rollout has nothing to go back to). */
    KubeRolloutWatcher plainWatcher() {
        return new KubeRolloutWatcher(kube(), ctx.config().release(), ctx.console()::info, ctx.clock(), tuning.poll());
    }

    static VerifyResult skipped() {
        return VerifyResult.skipped();
    }

    /**
     * {@code todoctl dev}: saved files are copied into the running pods and their JVMs restarted in place, or, for
     * images without bash and tar, layered as a thin image over the deployed one and rolled out (see
     * {@link KubeLiveReload}).
     */
    @Override
    public Optional<dev.todoctl.cli.targets.LiveReload> liveReload() {
        return Optional.of(liveReload);
    }

    private final KubeLiveReload liveReload = new KubeLiveReload(this);

    public Path chartDir() {
        return ctx.config().sourceDir().map(d -> d.resolve(ctx.config().images().chart())).orElseThrow(() -> TodoctlException.usage(
                "cannot find the checkout holding " + ctx.config().images().chart(), "run todoctl inside the checkout or set source-dir"));
    }

    /**
     * {@code todoctl deploy}: the images already built and loaded (tags from the chart or {@code --set}s), deployed,
     * waited for and smoke-checked — the pipeline without build and load.
     */
    private RunReport deploy(Duration timeout, PipelineListener listener) {
        requireReachable();
        List<Artifact> running = runningImages(helm().current(), tuning.helmSets());
        ImageBuilder noBuild = () -> new BuildResult(running, true, Duration.ZERO, List.of("deploy only: nothing built"
                + (running.isEmpty() ? "" : "; images of the running revision: " + String.join(", ",
                running.stream().map(Artifact::reference).toList()))));
        Stages stages = new Stages(noBuild, ImageLoader.none("deploy only: images are expected on the cluster already"),
                deployer(), watcher(), verifier());
        return new Pipeline(stages, listener, ctx.clock()).run(timeout);
    }

    /**
     * The images the current revision runs, as artifacts for a deploy that builds nothing: a {@code deploy} after
     * {@code up --push} keeps the registry and digest it runs (the chart's default names would not exist there).
     * {@code --tag} ({@code <component>.image.tag} in {@code sets}) keeps the repository and replaces tag and digest.
     */
    static List<Artifact> runningImages(Optional<ReleaseRecord> current, Map<String, String> sets) {
        List<Artifact> images = new ArrayList<>();
        if (current.isEmpty()) {
            return images;
        }
        com.fasterxml.jackson.databind.JsonNode config = current.get().json().path("config");
        for (String component : List.of("api", "web")) {
            com.fasterxml.jackson.databind.JsonNode image = config.path(component).path("image");
            String repository = image.path("repository").asText("");
            if (repository.isEmpty()) {
                continue;
            }
            String tag = sets.get(component + ".image.tag");
            String digest = image.path("digest").asText("");
            String reference = tag != null ? repository + ":" + tag
                    : !digest.isEmpty() ? repository + "@" + digest
                    : repository + ":" + image.path("tag").asText("latest");
            images.add(new Artifact(component, reference, digest));
        }
        return images;
    }

    @Override
    public StatusReport status() {
        KubeAccess kube = requireReachable();
        try (KubernetesClient client = kube.client()) {
            Optional<ReleaseRecord> current = helm().current(client);
            if (current.isEmpty()) {
                return StatusReport.notDeployed(name(), ctx.config().release());
            }
            var snapshot = new KubeRolloutWatcher(kube, ctx.config().release(), line -> { }, ctx.clock(), tuning.poll())
                    .snapshot(client);
            return new StatusReport(name(), new StatusReport.Release(ctx.config().release(), current.get().revision()),
                    snapshot.components(), endpoints.urls(client), !"uninstalled".equals(current.get().status()));
        }
    }

    @Override
    public DownResult down(boolean purge) {
        KubeAccess kube = requireReachable();
        HelmService helm = helm();
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        String release = ctx.config().release();
        if (helm.current().isPresent()) {
            helm.uninstall();
            removed.add("Helm release " + release + " (namespace " + kube.namespace() + ")");
        }
        try (KubernetesClient client = kube.client()) {
            var pvcs = client.persistentVolumeClaims().inNamespace(kube.namespace())
                    .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release).list().getItems();
            var secrets = client.secrets().inNamespace(kube.namespace())
                    .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release).list().getItems();
            for (var pvc : pvcs) {
                String what = "PersistentVolumeClaim " + pvc.getMetadata().getName();
                if (purge) {
                    client.resource(pvc).delete();
                    removed.add(what);
                } else {
                    kept.add(what);
                }
            }
            for (var secret : secrets) {
                String what = "Secret " + secret.getMetadata().getName();
                if (purge) {
                    client.resource(secret).delete();
                    removed.add(what);
                } else {
                    kept.add(what);
                }
            }
        }
        return new DownResult(name(), release, removed, kept);
    }

    /**
     * Deletes the release's pods of {@code component} (what an operator's {@code kubectl delete pod} does): the
     * Deployment's ReplicaSet starts replacements with the same spec, Secrets and volumes. Returns once the API
     * server accepted the deletions; readiness is the caller's to wait for.
     */
    private void restart(String component) {
        KubeAccess kube = requireReachable();
        String release = ctx.config().release();
        try (KubernetesClient client = kube.client()) {
            var pods = client.pods().inNamespace(kube.namespace());
            List<Pod> selected = pods.withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release)
                    .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, component).list().getItems();
            if (selected.isEmpty()) {
                throw new TodoctlException(Phase.USAGE, "release " + release + " has no " + component + " pods in namespace "
                        + kube.namespace(), List.of("run `todoctl up --target kubernetes` first",
                        "`kubectl -n " + kube.namespace() + " get pods -l " + KubeRolloutWatcher.INSTANCE_LABEL + "="
                                + release + "`"));
            }
            for (Pod pod : selected) {
                pods.withName(pod.getMetadata().getName()).delete();
            }
            ctx.console().info("deleted " + selected.size() + " " + component + " pod(s) of " + release
                    + "; the Deployment replaces them");
        }
    }

    @Override
    public Optional<DeployedConfig> deployedConfig() {
        KubeAccess kube = requireReachable();
        try (KubernetesClient client = kube.client()) {
            return Optional.of(new ReleaseConfigReader(client, kube.namespace(), ctx.config().release()).read());
        }
    }

    @Override
    public Endpoints openEndpoints() {
        return endpoints.openEndpoints();
    }

    /** Web's NodePort URL as reachable from this machine (for the smoke check). */
    Map<String, String> urls(KubernetesClient client) {
        return endpoints.urls(client);
    }

    @Override
    public void logs(String component, boolean follow, PrintWriter out) {
        new KubeLogs(this).logs(component, follow, out);
    }

    @Override
    public Optional<Revisions> revisions() {
        return Optional.of(new HelmRevisions(this));
    }

    @Override
    public Optional<ChartValuesEditor> chartValues() {
        return Optional.of(new HelmRevisions(this));
    }

    @Override
    public Optional<Restarts> restarts() {
        return Optional.of(new Restarts() {
            @Override
            public String unit() {
                return "pods";
            }

            @Override
            public void restart(String component) {
                KubernetesTarget.this.restart(component);
            }
        });
    }

    @Override
    public Optional<EventLog> events() {
        return Optional.of(new KubeEvents(this));
    }

    @Override
    public Optional<UsageMeter> usage() {
        return Optional.of(new PodMetricsMeter(this));
    }

    @Override
    public Optional<SnapshotSource> diagnosis() {
        return Optional.of(apiUrl -> new KubeCollector(this, apiUrl).collect());
    }

    @Override
    public Optional<SecretRotation> secretRotation() {
        return Optional.of(new KubeSecretRotation(this));
    }

    @Override
    public Optional<DatabaseAccess> database() {
        return Optional.of(new KubeDatabase(this).access());
    }

    @Override
    public Optional<dev.todoctl.cli.targets.InClusterLoad> inClusterLoad() {
        return Optional.of(new KubeInClusterLoad(this, tuning.poll().compareTo(java.time.Duration.ofSeconds(2)) < 0
                ? tuning.poll() : java.time.Duration.ofSeconds(2)));
    }

    @Override
    public Optional<PortForwards> portForwards() {
        return Optional.of(endpoints);
    }

    @Override
    public Optional<Workloads> workloads() {
        return Optional.of(new KubeWorkloads(this));
    }

    @Override
    public Optional<DeployOnly> deployOnly() {
        return Optional.of(new DeployOnly() {
            @Override
            public RunReport deploy(Duration timeout, PipelineListener listener) {
                return KubernetesTarget.this.deploy(timeout, listener);
            }

            @Override
            public String where() {
                return kube().describe();
            }
        });
    }

    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
