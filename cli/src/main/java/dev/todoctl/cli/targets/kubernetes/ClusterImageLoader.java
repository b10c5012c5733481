package dev.todoctl.cli.targets.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.load.ImageLoader;
import dev.todoctl.cli.load.LoadResult;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.Artifact;
import dev.todoctl.cli.build.BuildResult;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.platform.CommandRunner;
import dev.todoctl.cli.platform.Environment;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Gets built images onto the cluster's node, by the kind of cluster the context names: minikube
 * ({@code minikube image load}), kind ({@code kind load docker-image}, cluster from the context {@code kind-<name>}),
 * Docker Desktop (shares the engine that built them: nothing to do); any other cluster pulls from a registry, so
 * the build must have pushed — unless it is one node on this machine on containerd, whose runtime gets the images
 * imported directly ({@link ContainerdImporter}). Afterwards the node is asked for the image and its id must be the built one —
 * otherwise exit 20 rather than a pod that runs a stale image or cannot pull.
 */
public final class ClusterImageLoader implements ImageLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which loading strategy a context calls for. */
    public sealed interface Cluster {
        record Minikube(String profile) implements Cluster {
        }

        record Kind(String name) implements Cluster {
        }

        record DockerDesktop() implements Cluster {
        }

        record Remote(String context) implements Cluster {
        }

        static Cluster of(String context) {
            return of(context, "");
        }

        /** With {@code kubernetes.minikube-profile}: when set, the context is that minikube profile whatever its name. */
        static Cluster of(String context, String minikubeProfile) {
            if (!minikubeProfile.isEmpty()) {
                return new Minikube(minikubeProfile);
            }
            if (context.equals("minikube") || context.startsWith("minikube-")) {
                return new Minikube(context);
            }
            if (context.startsWith("kind-")) {
                return new Kind(context.substring("kind-".length()));
            }
            if (context.equals("docker-desktop") || context.equals("docker-for-desktop")) {
                return new DockerDesktop();
            }
            return new Remote(context);
        }
    }

    private final KubeAccess kube;
    private final TodoctlConfig.Build build;
    private final Environment env;
    private final Consumer<String> progress;
    private final CommandRunner runner = new CommandRunner();

    private final String containerdSocket;
    private final Function<String, InputStream> export;
    private final String minikubeProfile;

    /**
     * {@code export}: an image as a {@code docker save} archive (for a node-local containerd import);
     * {@code containerdSocket}: that node's runtime when configured, else empty (looked for).
     */
    public ClusterImageLoader(KubeAccess kube, TodoctlConfig.Build build, Environment env, Consumer<String> progress,
                              String containerdSocket, Function<String, InputStream> export) {
        this(kube, build, env, progress, containerdSocket, export, "");
    }

    /** With {@code minikubeProfile}: the context's minikube profile when its name does not say so (empty: none). */
    public ClusterImageLoader(KubeAccess kube, TodoctlConfig.Build build, Environment env, Consumer<String> progress,
                              String containerdSocket, Function<String, InputStream> export, String minikubeProfile) {
        this.kube = kube;
        this.build = build;
        this.env = env;
        this.progress = progress;
        this.containerdSocket = containerdSocket;
        this.export = export;
        this.minikubeProfile = minikubeProfile;
    }

    @Override
    public LoadResult load(BuildResult result) {
        Cluster cluster = Cluster.of(kube.context(), minikubeProfile);
        List<String> evidence = new ArrayList<>();
        switch (cluster) {
            case Cluster.DockerDesktop d -> {
                return new LoadResult(true, "Docker Desktop runs what its engine built: nothing to load", Duration.ZERO, List.of());
            }
            case Cluster.Remote r -> {
                if (build.push() && !build.registry().isEmpty()) {
                    return new LoadResult(true, "pushed to " + build.registry() + " by the build; the nodes pull from there",
                            Duration.ZERO, pulledByNodes(result));
                }
                List<String> whyNot = new ArrayList<>();
                Optional<ContainerdImporter> node;
                try (var client = kube.client()) {
                    node = ContainerdImporter.find(client.nodes().list().getItems(), which("ctr"), containerdSocket, whyNot);
                } catch (RuntimeException e) {
                    whyNot.add("its nodes cannot be listed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                    node = Optional.empty();
                }
                if (node.isEmpty()) {
                    throw new TodoctlException(Phase.LOAD, "context " + r.context() + " is neither minikube, kind nor "
                            + "Docker Desktop, and its node's runtime is not on this machine (" + String.join("; ", whyNot)
                            + "): its nodes pull images from a registry",
                            List.of("push the images: --push --registry REGISTRY (e.g. --set build.push=true --set build.registry=registry.example.com/team)",
                                    "or, for a one-node cluster on this machine: --set kubernetes.containerd-socket=/run/containerd/containerd.sock (needs ctr on PATH)"));
                }
                for (Artifact artifact : result.artifacts()) {
                    progress.accept("importing " + artifact.reference() + " into the node's containerd " + node.get().socket());
                    evidence.add(node.get().importImage(artifact, export));
                }
                return new LoadResult(false, "imported " + String.join(", ", result.artifacts().stream()
                        .map(Artifact::reference).toList()) + " into the node's containerd at " + node.get().socket()
                        + " (no registry)", Duration.ZERO, evidence);
            }
            case Cluster.Minikube m -> {
                for (Artifact artifact : result.artifacts()) {
                    run("minikube", List.of("-p", m.profile(), "image", "load", artifact.reference()), evidence);
                    String listing = run("minikube", List.of("-p", m.profile(), "image", "ls", "--format", "json"), null);
                    verify(artifact, images(listing), "minikube node " + m.profile());
                    evidence.add(artifact.reference() + " on minikube node " + m.profile() + " (" + artifact.digest() + ")");
                }
            }
            case Cluster.Kind k -> {
                for (Artifact artifact : result.artifacts()) {
                    run("kind", List.of("load", "docker-image", artifact.reference(), "--name", k.name()), evidence);
                    String listing = run("docker", List.of("exec", k.name() + "-control-plane", "crictl", "images", "-o", "json"), null);
                    verify(artifact, images(listing), "kind node " + k.name() + "-control-plane");
                    evidence.add(artifact.reference() + " on kind node " + k.name() + "-control-plane (" + artifact.digest() + ")");
                }
            }
        }
        return new LoadResult(false, "loaded " + String.join(", ", result.artifacts().stream().map(Artifact::reference).toList())
                + " into " + kube.context(), Duration.ZERO, evidence);
    }

    /**
     * What the nodes will pull, pinned by the digest the registry confirmed ({@code repository@sha256:...}): every
     * built image must have been pushed, or the pods would run whatever the registry had before (exit 20).
     */
    static List<String> pulledByNodes(BuildResult result) {
        List<String> pinned = new ArrayList<>();
        for (Artifact artifact : result.artifacts()) {
            String reference = artifact.reference();
            Optional<String> pushed = result.pushed().stream().filter(p -> p.startsWith(reference + "@")).findFirst();
            if (pushed.isEmpty()) {
                throw new TodoctlException(Phase.LOAD, "the build did not push " + reference + ", which the nodes pull",
                        List.of("build with --push --registry REGISTRY (todoctl build --push shows each pushed tag)"));
            }
            String repository = reference.substring(0, reference.lastIndexOf(':'));
            pinned.add(repository + pushed.get().substring(reference.length()) + " (tag " + reference + ")");
        }
        return pinned;
    }

    /** One image as the node lists it. */
    record NodeImage(String id, List<String> tags) {
    }

    /** minikube prints a JSON array, crictl an object with {@code images}; both have id and repoTags. */
    static List<NodeImage> images(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            JsonNode list = root.isArray() ? root : root.path("images");
            List<NodeImage> images = new ArrayList<>();
            for (JsonNode image : list) {
                List<String> tags = new ArrayList<>();
                image.path("repoTags").forEach(t -> tags.add(t.asText()));
                images.add(new NodeImage(image.path("id").asText(), tags));
            }
            return images;
        } catch (java.io.IOException e) {
            throw new TodoctlException(Phase.LOAD, "cannot read the node's image list: " + e.getMessage(), List.of());
        }
    }

    static void verify(Artifact artifact, List<NodeImage> images, String where) {
        String want = stripAlgorithm(artifact.digest());
        Optional<NodeImage> tagged = images.stream().filter(i -> i.tags().stream()
                .anyMatch(t -> normalise(t).equals(normalise(artifact.reference())))).findFirst();
        if (tagged.isEmpty()) {
            throw new TodoctlException(Phase.LOAD, where + " does not have " + artifact.reference() + " after loading it",
                    List.of("load it by hand and compare: the node lists " + images.size() + " images"));
        }
        if (!stripAlgorithm(tagged.get().id()).equals(want)) {
            throw new TodoctlException(Phase.LOAD, where + " has " + artifact.reference() + " as " + tagged.get().id()
                    + ", not the image just built (" + artifact.digest() + ")",
                    List.of("an old image with the same tag is in the way: remove it on the node and run again"));
        }
    }

    /** {@code todo:1} and {@code docker.io/library/todo:1} name the same image. */
    static String normalise(String reference) {
        String r = reference;
        if (r.startsWith("docker.io/library/")) {
            r = r.substring("docker.io/library/".length());
        } else if (r.startsWith("docker.io/")) {
            r = r.substring("docker.io/".length());
        }
        return r.contains(":") && r.lastIndexOf(':') > r.lastIndexOf('/') ? r : r + ":latest";
    }

    private static String stripAlgorithm(String digest) {
        return digest == null ? "" : digest.startsWith("sha256:") ? digest.substring(7) : digest;
    }

    /** Runs a tool found on the user's PATH; returns its output, or fails with exit 20 and the tail. */
    private String run(String tool, List<String> args, List<String> evidence) {
        Path executable = which(tool).orElseThrow(() -> new TodoctlException(Phase.LOAD,
                tool + " is not installed (not on PATH), but context " + kube.context() + " needs it to load images",
                List.of("install " + tool + ", or push to a registry instead: --push --registry REGISTRY")));
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        progress.accept(tool + " " + String.join(" ", args));
        StringBuilder out = new StringBuilder();
        CommandRunner.Outcome outcome = runner.run(command, env.cwd(), Map.of("PATH", env.get("PATH").orElse("")),
                line -> out.append(line).append('\n'));
        if (!outcome.ok()) {
            throw new TodoctlException(Phase.LOAD, tool + " " + String.join(" ", args) + " failed (exit " + outcome.exitCode()
                    + "):\n  " + String.join("\n  ", outcome.tail()), List.of("run the command by hand to see more"));
        }
        if (evidence != null) {
            evidence.add(tool + " " + String.join(" ", args));
        }
        return out.toString();
    }

    private Optional<Path> which(String tool) {
        return which(env, tool);
    }

    /** Looked up on the user's PATH, not the JVM's: a child process is searched for with the parent's PATH. */
    public static Optional<Path> which(Environment env, String tool) {
        for (String dir : env.get("PATH").orElse("").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
