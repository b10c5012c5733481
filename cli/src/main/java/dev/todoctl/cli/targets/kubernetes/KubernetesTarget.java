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
import dev.todoctl.cli.targets.DeployedConfig;
import dev.todoctl.cli.targets.DownResult;
import dev.todoctl.cli.targets.Endpoints;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.build.DockerEngine;
import dev.todoctl.cli.build.DockerImageBuilder;
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
            return new Tuning(helm, poll, atomic, helmSets, secrets, target -> rollout ->
                    new dev.todoctl.cli.verify.VerifyResult(Map.of(), List.of("smoke check skipped (--no-verify)"),
                            Duration.ZERO, List.of()));
        }
    }

    private final TargetContext ctx;
    private final Tuning tuning;

    public KubernetesTarget(TargetContext ctx) {
        this(ctx, Tuning.standard());
    }

    public KubernetesTarget(TargetContext ctx, Tuning tuning) {
        this.ctx = ctx;
        this.tuning = tuning;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    public TargetContext context() {
        return ctx;
    }

    public KubeAccess kube() {
        return KubeAccess.from(ctx.env(), ctx.config().kubernetes().context(), ctx.config().kubernetes().namespace());
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

    @Override
    public Stages stages() {
        DockerEngine engine = new DockerEngine(ctx.config(), ctx.env());
        return new Stages(new DockerImageBuilder(ctx.config(), ctx.env(), ctx.console(), engine,
                new ArtifactBuilder(ctx.config(), ctx.env(), ctx.console())),
                loader(), deployer(), watcher(), tuning.verifier().apply(this));
    }

    public ClusterImageLoader loader() {
        DockerEngine engine = new DockerEngine(ctx.config(), ctx.env());
        return new ClusterImageLoader(kube(), ctx.config().build(), ctx.env(), ctx.console()::info,
                ctx.config().kubernetes().containerdSocket(), reference -> engine.client().saveImageCmd(reference).exec());
    }

    public HelmReleaseDeployer deployer() {
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
        return new HelmReleaseDeployer(helm(), new HelmReleaseDeployer.Plan(chart, Optional.of(profile), sets, secrets),
                ctx.console()::info);
    }

    public AtomicRollout watcher() {
        KubeAccess kube = kube();
        return new AtomicRollout(new KubeRolloutWatcher(kube, ctx.config().release(), ctx.console()::info, ctx.clock(),
                tuning.poll()), helm(), tuning.atomic(), ctx.console()::info);
    }

    public Verifier verifier() {
        return tuning.verifier().apply(this);
    }

    public Path chartDir() {
        return ctx.config().sourceDir().map(d -> d.resolve(ctx.config().images().chart())).orElseThrow(() -> TodoctlException.usage(
                "cannot find the checkout holding " + ctx.config().images().chart(), "run todoctl inside the checkout or set source-dir"));
    }

    /**
     * {@code todoctl deploy}: the images already built and loaded (tags from the chart or {@code --set}s), deployed,
     * waited for and smoke-checked — the pipeline without build and load.
     */
    public RunReport deploy(Duration timeout, PipelineListener listener) {
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

    /**
     * A port-forward from 127.0.0.1 to a ready pod of the release's Service of {@code component}; closing it ends the
     * forward and releases the client.
     */
    public ServiceForward portForward(String component, int localPort) {
        KubeAccess kube = requireReachable();
        KubernetesClient client = kube.client();
        try {
            Service service = client.services().inNamespace(kube.namespace())
                    .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, ctx.config().release())
                    .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, component).list().getItems().stream().findFirst()
                    .orElseThrow(() -> new TodoctlException(Phase.DEPLOY, "release " + ctx.config().release() + " has no "
                            + component + " Service in namespace " + kube.namespace(), List.of("deploy it: `todoctl up`")));
            return ServiceForward.open(client, kube.namespace(), service, localPort, client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Tunnels to the api and web Services that pick a ready pod per connection, so callers (validate, contract,
     * loadtest) need no port-forward of their own and keep working while pods are replaced. Empty URLs when the
     * release is not deployed.
     */
    @Override
    public Endpoints openEndpoints() {
        KubeAccess kube = requireReachable();
        if (helm().current().isEmpty()) {
            return Endpoints.none();
        }
        KubernetesClient client = kube.client();
        List<ServiceTunnel> tunnels = new ArrayList<>();
        AutoCloseable release = () -> {
            tunnels.forEach(ServiceTunnel::close);
            client.close();
        };
        try {
            Map<String, String> urls = new LinkedHashMap<>();
            for (Service service : client.services().inNamespace(kube.namespace())
                    .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, ctx.config().release()).list().getItems()) {
                String component = Optional.ofNullable(service.getMetadata().getLabels())
                        .map(l -> l.get(KubeRolloutWatcher.COMPONENT_LABEL)).orElse("");
                if (component.equals("api") || component.equals("web")) {
                    ServiceTunnel tunnel = ServiceTunnel.open(client, kube.namespace(), service, 0, TUNNEL_POD_WAIT);
                    tunnels.add(tunnel);
                    urls.put(component, tunnel.url());
                }
            }
            List<String> evidence = tunnels.stream().map(t -> "tunnel " + t.url() + " -> Service " + t.serviceName()
                    + " (a ready pod per connection)").toList();
            return new Endpoints(urls, evidence, release);
        } catch (RuntimeException e) {
            tunnels.forEach(ServiceTunnel::close);
            client.close();
            throw e;
        }
    }

    /** How long a tunnel's new connection waits for a ready pod (a replaced api pod is ready again in ~10-40 s). */
    static final Duration TUNNEL_POD_WAIT = Duration.ofSeconds(90);

    /** What a rollback did: from which revision, back to which, as which new revision, and the checks after. */
    public record RollbackResult(String release, int from, int to, int revision, RolloutResult rollout,
                                 VerifyResult verify) {
    }

    public record SetValueResult(String release, int from, int revision, RolloutResult rollout, VerifyResult verify) {
    }

    /**
     * Sets chart values on the current revision ({@code helm upgrade --reuse-values --set}), waits for the rollout
     * and smoke-checks; atomic like {@code deploy}: a rollout that fails puts the previous revision back.
     */
    public SetValueResult setValues(Map<String, String> sets, Duration timeout) {
        requireReachable();
        HelmService helm = helm();
        ReleaseRecord current = helm.current().orElseThrow(() -> new TodoctlException(Phase.DEPLOY, "release "
                + ctx.config().release() + " is not deployed in namespace " + kube().namespace(),
                List.of("deploy it first: `todoctl up` or `todoctl deploy`")));
        var release = helm.setValues(current, sets);
        int revision = Integer.parseInt(release.getRevision());
        DeployResult deploy = new DeployResult(ctx.config().release(), revision, true, Duration.ZERO, List.of());
        RolloutResult rollout = watcher().await(deploy, ctx.clock().instant().plus(timeout));
        VerifyResult verify = verifier().verify(rollout);
        return new SetValueResult(ctx.config().release(), current.revision(), revision, rollout, verify);
    }

    /**
     * Helm's rollback: a new revision from revision {@code target}'s chart and values (default: the last good
     * revision before the current one), then the rollout wait and the smoke check. Any failure is exit 70.
     */
    public RollbackResult rollback(Optional<Integer> target, Duration timeout) {
        try {
            requireReachable();
            HelmService helm = helm();
            List<ReleaseRecord> history = helm.history();
            if (history.isEmpty()) {
                throw new TodoctlException(Phase.ROLLBACK, "release " + ctx.config().release() + " has no revisions in namespace "
                        + kube().namespace(), List.of("deploy it first: `todoctl up` or `todoctl deploy`"));
            }
            ReleaseRecord current = history.getLast();
            ReleaseRecord to = target.map(n -> history.stream().filter(r -> r.revision() == n).findFirst()
                    .orElseThrow(() -> new TodoctlException(Phase.ROLLBACK, "release " + ctx.config().release()
                            + " has no revision " + n, List.of("`todoctl history` lists the revisions"))))
                    .orElseGet(() -> helm.lastGoodBefore(current.revision()).orElseThrow(() -> new TodoctlException(
                            Phase.ROLLBACK, "no good revision before revision " + current.revision() + " to go back to",
                            List.of("`todoctl history` lists the revisions"))));
            ctx.console().info("rolling back " + ctx.config().release() + " from revision " + current.revision()
                    + " to revision " + to.revision() + " (" + String.join(", ", to.images()) + ")");
            var release = helm.rollbackTo(to);
            int revision = Integer.parseInt(release.getRevision());
            DeployResult deploy = new DeployResult(ctx.config().release(), revision, true, Duration.ZERO, List.of());
            RolloutResult rollout = new KubeRolloutWatcher(kube(), ctx.config().release(), ctx.console()::info, ctx.clock(),
                    tuning.poll()).await(deploy, ctx.clock().instant().plus(timeout));
            VerifyResult verify = verifier().verify(rollout);
            return new RollbackResult(ctx.config().release(), current.revision(), to.revision(), revision, rollout, verify);
        } catch (TodoctlException e) {
            throw e.phase() == Phase.ROLLBACK ? e
                    : new TodoctlException(Phase.ROLLBACK, "rollback failed: " + e.getMessage(), e.suggestions(), e);
        }
    }

    @Override
    public StatusReport status() {
        KubeAccess kube = requireReachable();
        HelmService helm = helm();
        Optional<ReleaseRecord> current = helm.current();
        if (current.isEmpty()) {
            return StatusReport.notDeployed(name(), ctx.config().release());
        }
        try (KubernetesClient client = kube.client()) {
            var snapshot = new KubeRolloutWatcher(kube, ctx.config().release(), line -> { }, ctx.clock(), tuning.poll())
                    .snapshot(client);
            return new StatusReport(name(), new StatusReport.Release(ctx.config().release(), current.get().revision()),
                    snapshot.components(), urls(client), !"uninstalled".equals(current.get().status()));
        }
    }

    /**
     * Where web is reachable from this machine: its NodePort on 127.0.0.1 when the node runs on this machine (a
     * kubelet here may publish NodePorts on loopback only, as the project's test cluster does), on minikube's IP
     * when the context is minikube, on localhost on Docker Desktop, else on the node's InternalIP — or nothing
     * (use {@code todoctl port-forward}).
     */
    public Map<String, String> urls(KubernetesClient client) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (Service service : client.services().inNamespace(kube().namespace())
                .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, ctx.config().release()).list().getItems()) {
            String component = Optional.ofNullable(service.getMetadata().getLabels())
                    .map(l -> l.get(KubeRolloutWatcher.COMPONENT_LABEL)).orElse("");
            if (!"web".equals(component) || !"NodePort".equals(service.getSpec().getType())) {
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                if (port.getNodePort() != null) {
                    nodeHost(client).ifPresent(host -> urls.put("web", "http://" + host + ":" + port.getNodePort()));
                }
            }
        }
        return urls;
    }

    private Optional<String> nodeHost(KubernetesClient client) {
        String context = kube().context();
        if (context.equals("docker-desktop")) {
            return Optional.of("localhost");
        }
        Optional<Path> minikube = ClusterImageLoader.which(ctx.env(), "minikube");
        if (ClusterImageLoader.Cluster.of(context) instanceof ClusterImageLoader.Cluster.Minikube m && minikube.isPresent()) {
            var outcome = new dev.todoctl.cli.platform.CommandRunner().run(List.of(minikube.get().toString(), "-p",
                    m.profile(), "ip"), ctx.env().cwd(), Map.of("PATH", ctx.env().get("PATH").orElse("")), line -> { });
            if (outcome.ok() && !outcome.tail().isEmpty()) {
                return Optional.of(outcome.tail().getLast().trim());
            }
        }
        List<Node> nodes = client.nodes().list().getItems();
        if (nodes.stream().anyMatch(n -> n.getStatus() != null && ContainerdImporter.onThisMachine(n))) {
            return Optional.of("127.0.0.1");
        }
        for (Node node : nodes) {
            if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
                for (NodeAddress address : node.getStatus().getAddresses()) {
                    if ("InternalIP".equals(address.getType())) {
                        return Optional.of(address.getAddress());
                    }
                }
            }
        }
        return Optional.empty();
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

    @Override
    public boolean canRestart() {
        return true;
    }

    /**
     * Deletes the release's pods of {@code component} (what an operator's {@code kubectl delete pod} does): the
     * Deployment's ReplicaSet starts replacements with the same spec, Secrets and volumes. Returns once the API
     * server accepted the deletions; readiness is the caller's to wait for.
     */
    @Override
    public void restart(String component) {
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
    public void logs(String component, boolean follow, PrintWriter out) {
        KubeAccess kube = requireReachable();
        try (KubernetesClient client = kube.client()) {
            var pods = client.pods().inNamespace(kube.namespace()).withLabel(KubeRolloutWatcher.INSTANCE_LABEL,
                    ctx.config().release());
            List<Pod> selected = (component == null ? pods : pods.withLabel(KubeRolloutWatcher.COMPONENT_LABEL, component))
                    .list().getItems();
            for (Pod pod : selected) {
                String name = pod.getMetadata().getName();
                String container = pod.getSpec().getContainers().getFirst().getName();
                var resource = client.pods().inNamespace(kube.namespace()).withName(name).inContainer(container);
                if (follow && selected.size() == 1) {
                    try (var watch = resource.watchLog()) {
                        watch.getOutput().transferTo(new java.io.OutputStream() {
                            @Override
                            public void write(int b) {
                                out.write(b);
                                if (b == '\n') {
                                    out.flush();
                                }
                            }
                        });
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                } else {
                    String log = Optional.ofNullable(resource.getLog()).orElse("");
                    log.lines().forEach(line -> out.println((component == null || selected.size() > 1 ? name + " | " : "") + line));
                }
            }
            out.flush();
        }
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
