package dev.todoctl.cli.targets.kubernetes;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.build.Artifact;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.build.DockerEngine;
import dev.todoctl.cli.build.DockerImageBuilder;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.Fingerprint;
import dev.todoctl.cli.targets.LiveReload;
import dev.todoctl.cli.targets.OverlayLaunch;
import dev.todoctl.cli.ui.LineWriter;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code todoctl dev} on kubernetes, two ways.
 *
 * <p><b>In-pod sync</b> (images with bash and tar, which the bundled ones have): the dev deploy sets the chart's
 * {@code dev} block, so each app container runs its java command — the image's own, with
 * {@value OverlayLaunch#CONTAINER_CLASSES} before the jar — under a small bash supervisor that starts the JVM again
 * on SIGHUP, with emptyDirs for the classes and (web) the assets. A reload is then one exec per pod through the
 * API server: the session's whole overlay (and web's assets) as a tar on stdin, unpacked over the previous copy,
 * then — for classes — SIGHUP, a wait for the old JVM to exit and for the new one to answer its readiness path
 * inside the pod. No image, no push, no rollout; a saved asset is served the moment it is unpacked. A pod that
 * appears later (a crash, a reschedule) starts from the image and is brought up to date by a background check
 * every two seconds. This is what Skaffold's file sync and Tilt's live_update do, with kubectl's tar trick.
 *
 * <p><b>Thin image</b> (fallback, an image without bash or tar): a reload builds an image on top of the one
 * deployed — the overlay (and web's assets) in one layer, the java command adjusted — gets it to the nodes the way
 * {@code up} does (push, or import into the node's runtime), points the component's Deployment at it and waits
 * for the rollout. The Deployment keeps the image it was deployed with in an annotation, so every reload layers on
 * the release's own image. A rollout that does not become ready is undone.
 */
final class KubeLiveReload implements LiveReload {
    static final String BASE_ANNOTATION = "todoctl.dev/base-image";
    private static final String DEV_CLASSES = OverlayLaunch.CONTAINER_CLASSES;
    private static final String DEV_WEB = OverlayLaunch.CONTAINER_WEB;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the in-pod sync runs besides the JVM: the supervisor and the exec scripts are bash; tar unpacks. */
    private static final List<List<String>> SYNC_TOOLS = List.of(List.of("/usr/bin/bash", "/bin/bash"),
            List.of("/usr/bin/tar", "/bin/tar"), List.of("/usr/bin/head", "/bin/head"));

    private final KubernetesTarget target;
    private volatile Session session;
    /** Decided by the dev deploy ({@link #devValues}): whether the pods run under the reload supervisor. */
    private volatile boolean sync;
    private final KubePodSync pods;
    /** Image id -> the sync tool it lacks, if any ({@link #missingTool}), for this session. */
    private final Map<String, Optional<String>> toolsChecked = new java.util.concurrent.ConcurrentHashMap<>();

    KubeLiveReload(KubernetesTarget target) {
        this.target = target;
        this.pods = new KubePodSync(target, () -> Objects.requireNonNull(session, "begin() first"));
    }

    @Override
    public void begin(Session session) {
        this.session = session;
    }

    /** Whether a dev session has begun: the deploy then carries the dev values. */
    boolean active() {
        return session != null;
    }

    /**
     * The chart's {@code dev} block for this build: each component's java command with the overlay before the jar,
     * read from the built image in the engine that built it. Empty (a plain deploy, reloads as thin images) when an
     * image lacks what the in-pod sync runs, with the reason printed.
     */
    Map<String, Object> devValues(BuildResult build) {
        DockerEngine engine = target.buildEngine();
        var config = target.context().config();
        String mainClass = OverlayLaunch.mainClass(config.sourceDir().orElseThrow().resolve(config.build().artifact()));
        Map<String, Object> dev = new LinkedHashMap<>();
        dev.put("enabled", true);
        for (String component : List.of("api", "web")) {
            Optional<Artifact> artifact = build.artifacts().stream().filter(a -> a.name().equals(component)).findFirst()
                    .or(() -> build.artifacts().stream().findFirst());
            if (artifact.isEmpty()) {
                return noSync("the build names no " + component + " image");
            }
            String image = artifact.get().reference();
            InspectImageResponse inspected;
            try {
                inspected = engine.client().inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                return noSync(image + " is not in the engine that built it");
            }
            List<String> entrypoint = Optional.ofNullable(inspected.getConfig()).map(c -> c.getEntrypoint())
                    .map(List::of).orElse(List.of());
            Optional<List<String>> command = OverlayLaunch.withOverlay(entrypoint, DEV_CLASSES, mainClass);
            if (command.isEmpty()) {
                return noSync("the " + component + " image's entrypoint does not run a jar (" + entrypoint + ")");
            }
            // the same image (by id) is checked once per session: a redeploy that rebuilt nothing creates no container
            Optional<String> missing = toolsChecked.computeIfAbsent(inspected.getId(), id -> missingTool(engine.client(), image));
            if (missing.isPresent()) {
                return noSync("the " + component + " image has no " + missing.get());
            }
            dev.put(component + "Command", command.get());
        }
        sync = true;
        return Map.of("dev", dev);
    }

    private Map<String, Object> noSync(String why) {
        sync = false;
        target.context().console().warn("todoctl dev: " + why + ", so saved files cannot be copied into the pods; each "
                + "reload builds a thin image and rolls it out instead (tens of seconds)");
        return Map.of();
    }

    /** The first sync tool the image lacks, looked up in a created (never started) container, which is removed. */
    static Optional<String> missingTool(com.github.dockerjava.api.DockerClient docker, String image) {
        String id = docker.createContainerCmd(image).withEntrypoint("/nonexistent").withCmd(List.of()).exec().getId();
        try {
            for (List<String> tool : SYNC_TOOLS) {
                boolean found = false;
                for (String path : tool) {
                    try (var in = docker.copyArchiveFromContainerCmd(id, path).exec()) {
                        found = true;
                        break;
                    } catch (NotFoundException e) {
                        // try the next place
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                if (!found) {
                    return Optional.of(tool.getFirst().substring(tool.getFirst().lastIndexOf('/') + 1));
                }
            }
            return Optional.empty();
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Override
    public String webAssetsServed() {
        return sync ? "copied into the running web pods as they are saved"
                : "a saved asset is layered onto the web image and rolled out";
    }

    @Override
    public boolean assetsFromSources() {
        return false;
    }

    @Override
    public boolean syncAssets() {
        if (!sync) {
            return false;
        }
        pods.copy(Set.of("web"), false, Duration.ZERO);
        return true;
    }

    @Override
    public boolean restartWaits() {
        return true;
    }

    @Override
    public void end() {
        pods.end();
    }

    @Override
    public void restart(Set<String> components, Duration grace) {
        if (sync) {
            pods.copy(components, true, grace);
        } else {
            rollThinImages(components);
        }
    }

    private void rollThinImages(Set<String> components) {
        Session s = Objects.requireNonNull(session, "begin() first");
        KubeAccess kube = target.requireReachable();
        DockerEngine engine = target.buildEngine();
        try (KubernetesClient client = kube.client()) {
            Map<String, String> previous = new LinkedHashMap<>();
            for (String component : List.of("api", "web")) {
                if (!components.contains(component)) {
                    continue;
                }
                Deployment deployment = deployment(client, kube.namespace(), component);
                Container container = container(deployment, component);
                String base = Optional.ofNullable(deployment.getMetadata().getAnnotations()).map(a -> a.get(BASE_ANNOTATION))
                        .orElse(container.getImage());
                String image = build(engine, s, component, base);
                previous.put(component, container.getImage());
                client.apps().deployments().inNamespace(kube.namespace()).withName(deployment.getMetadata().getName())
                        .edit(d -> {
                            d.getMetadata().getAnnotations().put(BASE_ANNOTATION, base);
                            container(d, component).setImage(image);
                            return d;
                        });
            }
            for (String component : previous.keySet()) {
                Deployment deployment = deployment(client, kube.namespace(), component);
                Optional<String> notReady = awaitRollout(client, kube.namespace(), deployment,
                        target.context().config().readyTimeout());
                if (notReady.isPresent()) {
                    client.apps().deployments().inNamespace(kube.namespace()).withName(deployment.getMetadata().getName())
                            .edit(d -> {
                                container(d, component).setImage(previous.get(component));
                                return d;
                            });
                    throw new TodoctlException(Phase.DEPLOY, component + " did not become ready with the reloaded "
                            + "image (" + notReady.get() + "); its Deployment is back on " + previous.get(component),
                            List.of("see the " + component + " lines above, fix and save again"));
                }
            }
        }
    }

    /** The thin image: FROM the deployed one, the overlay (and web's assets) in one layer, the java command adjusted. */
    private String build(DockerEngine engine, Session s, String component, String base) {
        InspectImageResponse baseImage;
        try {
            baseImage = engine.client().inspectImageCmd(base).exec();
        } catch (NotFoundException e) {
            throw new TodoctlException(Phase.BUILD, "the deployed " + component + " image " + base + " is not in the "
                    + "Docker engine here, so nothing can be layered on it", List.of("run `todoctl up --target kubernetes` "
                    + "on this machine first, then `todoctl dev` again"));
        }
        List<String> entrypoint = Optional.ofNullable(baseImage.getConfig()).map(c -> c.getEntrypoint()).map(List::of)
                .orElse(List.of());
        List<String> cmd = Optional.ofNullable(baseImage.getConfig()).map(c -> c.getCmd()).map(List::of).orElse(List.of());
        var config = target.context().config();
        String mainClass = OverlayLaunch.mainClass(config.sourceDir().orElseThrow().resolve(config.build().artifact()));
        List<String> devEntrypoint = OverlayLaunch.withOverlay(entrypoint, DEV_CLASSES, mainClass).orElseThrow(() -> new TodoctlException(
                Phase.BUILD, "the " + component + " image's entrypoint does not run a jar (" + entrypoint + ")",
                List.of("use `todoctl up` for each change")));
        Path context;
        try {
            context = Files.createTempDirectory("todoctl-dev-layer-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            copyTree(s.overlay(), context.resolve("classes"));
            StringBuilder dockerfile = new StringBuilder("FROM ").append(base).append('\n')
                    .append("COPY classes/ ").append(DEV_CLASSES).append("/\n");
            if ("web".equals(component)) {
                copyTree(s.webAssets(), context.resolve("web"));
                dockerfile.append("COPY web/ ").append(DEV_WEB).append("/\n").append("ENV WEB_STATIC_DIR=").append(DEV_WEB).append('\n');
            }
            dockerfile.append("ENTRYPOINT ").append(JSON.writeValueAsString(devEntrypoint)).append('\n')
                    .append("CMD ").append(JSON.writeValueAsString(cmd)).append('\n');
            Files.writeString(context.resolve("Dockerfile"), dockerfile);
            String tag = "dev-" + new Fingerprint().add(base).add(treeDigest(context)).hex().substring(0, 12);
            DockerImageBuilder images = new DockerImageBuilder(target.context().config(), target.context().env(),
                    target.context().console(), engine, new dev.todoctl.cli.build.ArtifactBuilder(target.context().config(),
                    target.context().env(), target.context().console()));
            String reference = images.repository(component) + ":" + tag;
            String id = engine.client().buildImageCmd().withBaseDirectory(context.toFile())
                    .withDockerfile(context.resolve("Dockerfile").toFile()).withTags(Set.of(reference)).withForcerm(true)
                    .withPull(false).exec(new BuildImageResultCallback()).awaitImageId();
            String fullId = engine.client().inspectImageCmd(id).exec().getId();
            var build = target.context().config().build();
            if (target.minikubeBuildProfile().isPresent()) {
                // built in minikube's own engine: the node has it already
            } else if (build.push() && !build.registry().isEmpty()) {
                images.push(Set.of(reference));
            } else {
                target.loader().load(new BuildResult(List.of(new Artifact(component, reference, fullId)), false,
                        Duration.ZERO, List.of()));
            }
            return reference;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(context);
        }
    }

    /**
     * Waits for the Deployment's new pods and for the old ones to be gone — a terminating pod still answers the
     * connections other pods keep open to it (web's proxy), so "served" means only new pods are left. Empty when so,
     * else what is missing.
     */
    private static Optional<String> awaitRollout(KubernetesClient client, String ns, Deployment deployment, Duration timeout) {
        String name = deployment.getMetadata().getName();
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no status yet";
        while (System.nanoTime() < deadline) {
            Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
            if (d != null && d.getStatus() != null) {
                var st = d.getStatus();
                int want = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
                boolean observed = Optional.ofNullable(st.getObservedGeneration()).orElse(0L) >= d.getMetadata().getGeneration();
                int updated = Optional.ofNullable(st.getUpdatedReplicas()).orElse(0);
                int ready = Optional.ofNullable(st.getReadyReplicas()).orElse(0);
                int total = Optional.ofNullable(st.getReplicas()).orElse(0);
                int pods = client.pods().inNamespace(ns).withLabels(selector).list().getItems().size();
                if (observed && updated == want && ready == want && total == want && pods == want) {
                    return Optional.empty();
                }
                last = updated + "/" + want + " updated, " + ready + " ready" + (pods > want ? ", " + (pods - want)
                        + " old pod(s) still terminating" : "");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
        }
        return Optional.of(last + " after " + dev.todoctl.cli.ui.Console.seconds(timeout));
    }

    @Override
    public void tail(String component, Consumer<String> line) throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                target.logs(component, true, new PrintWriter(new LineWriter(line), true));
            } catch (RuntimeException e) {
                // between pods (a rollout), or the API server hiccuped: follow again shortly
            }
            Thread.sleep(1000);
        }
        throw new InterruptedException();
    }

    private Deployment deployment(KubernetesClient client, String ns, String component) {
        String release = target.context().config().release();
        List<Deployment> found = client.apps().deployments().inNamespace(ns)
                .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release)
                .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, component).list().getItems();
        return found.stream().findFirst().orElseThrow(() -> TodoctlException.usage("release " + release + " has no "
                + component + " Deployment in namespace " + ns, "deploy first: `todoctl up --target kubernetes`"));
    }

    private static Container container(Deployment deployment, String component) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        return containers.stream().filter(c -> component.equals(c.getName())).findFirst().orElse(containers.getFirst());
    }

    private static String treeDigest(Path dir) throws IOException {
        Fingerprint fp = new Fingerprint();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                fp.add(dir.relativize(f).toString()).add(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return fp.hex();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory: nothing else depends on it
        }
    }
}
