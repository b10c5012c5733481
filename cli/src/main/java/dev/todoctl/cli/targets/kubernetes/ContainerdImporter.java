package dev.todoctl.cli.targets.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.build.Artifact;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Loading without a registry into a single-node cluster whose node runs on this machine on containerd (kubeadm,
 * k3s, a bare kubelet): each image is exported from the Docker engine that built it and imported into the node's
 * own containerd ({@code ctr -n k8s.io images import}), where the kubelet finds it with
 * {@code imagePullPolicy: IfNotPresent} — what {@code kind load} does inside kind's node container.
 *
 * <p>Which containerd is the node's is not guessed from the socket's name: Docker brings a containerd of its own
 * (often at the same path a kubeadm node uses). The node's runtime is the socket whose {@code k8s.io} namespace
 * holds the images the node reports in its status.
 */
public final class ContainerdImporter {
    /** Where node runtimes put their socket (kubeadm, k3s, microk8s, the project's test cluster). */
    static final List<String> KNOWN_SOCKETS = List.of("/run/containerd/containerd.sock",
            "/run/k3s/containerd/containerd.sock", "/var/snap/microk8s/common/run/containerd.sock",
            "/run/k8s-kit/containerd.sock");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path ctr;
    private final Path socket;

    ContainerdImporter(Path ctr, Path socket) {
        this.ctr = ctr;
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    /**
     * The node runtime on this machine, if the cluster is one node here on containerd and {@code ctr} is
     * installed; else empty with the reason in {@code whyNot}. {@code configured} (non-empty) is the only socket tried.
     */
    public static Optional<ContainerdImporter> find(List<Node> nodes, Optional<Path> ctr, String configured,
                                                    List<String> whyNot) {
        if (nodes.size() != 1) {
            whyNot.add("the cluster has " + nodes.size() + " nodes (a node-local import needs exactly one)");
            return Optional.empty();
        }
        Node node = nodes.getFirst();
        String runtime = node.getStatus() == null || node.getStatus().getNodeInfo() == null ? ""
                : String.valueOf(node.getStatus().getNodeInfo().getContainerRuntimeVersion());
        if (!runtime.startsWith("containerd://")) {
            whyNot.add("node " + node.getMetadata().getName() + " runs " + (runtime.isEmpty() ? "an unknown runtime" : runtime)
                    + ", not containerd");
            return Optional.empty();
        }
        if (!onThisMachine(node)) {
            whyNot.add("node " + node.getMetadata().getName() + " is not this machine");
            return Optional.empty();
        }
        if (ctr.isEmpty()) {
            whyNot.add("ctr (containerd's client) is not on PATH");
            return Optional.empty();
        }
        Set<String> nodeImages = new HashSet<>();
        for (ContainerImage image : Optional.ofNullable(node.getStatus().getImages()).orElse(List.of())) {
            nodeImages.addAll(Optional.ofNullable(image.getNames()).orElse(List.of()));
        }
        List<String> candidates = configured.isBlank() ? KNOWN_SOCKETS : List.of(configured);
        for (String candidate : candidates) {
            Path socket = Path.of(candidate);
            if (!Files.exists(socket)) {
                continue;
            }
            ContainerdImporter importer = new ContainerdImporter(ctr.get(), socket);
            Optional<String> listing = importer.ctrOutput(List.of("images", "ls", "-q"));
            if (listing.isEmpty()) {
                whyNot.add(candidate + " does not answer ctr");
                continue;
            }
            Set<String> here = new HashSet<>(listing.get().lines().map(String::strip).toList());
            if (!Collections.disjoint(here, nodeImages) || !configured.isBlank() && nodeImages.isEmpty()) {
                return Optional.of(importer);
            }
            whyNot.add(candidate + " holds none of the node's images (another containerd, e.g. Docker's)");
        }
        if (whyNot.isEmpty()) {
            whyNot.add("no containerd socket found (" + String.join(", ", candidates) + ")");
        }
        return Optional.empty();
    }

    /** A node named {@code localhost}, or with this machine's host name or one of its addresses. */
    public static boolean onThisMachine(Node node) {
        Set<String> local = localNames();
        if (local.contains(node.getMetadata().getName())) {
            return true;
        }
        for (NodeAddress address : Optional.ofNullable(node.getStatus().getAddresses()).orElse(List.of())) {
            if (local.contains(address.getAddress())) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> localNames() {
        Set<String> names = new HashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // no resolvable host name: addresses still count
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    String text = address.getHostAddress();
                    int zone = text.indexOf('%');
                    names.add(zone < 0 ? text : text.substring(0, zone));
                }
            }
        } catch (SocketException e) {
            // no interfaces listed: names only
        }
        return names;
    }

    /**
     * Imports one image, streamed from {@code export} (a {@code docker save} archive), then checks that the node's
     * runtime lists it under its reference with the built image's config digest — else exit 20.
     */
    public String importImage(Artifact artifact, Function<String, InputStream> export) {
        // ctr unpacks into the default snapshotter, where the kubelet's CRI looks for image layers
        List<String> command = List.of(ctr.toString(), "--address", socket.toString(), "-n", "k8s.io", "images", "import", "-");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (InputStream archive = export.apply(artifact.reference()); OutputStream stdin = process.getOutputStream()) {
                archive.transferTo(stdin);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new TodoctlException(Phase.LOAD, "ctr could not import " + artifact.reference() + " into "
                        + socket + ": " + output.strip(), List.of("run it by hand: docker save " + artifact.reference()
                        + " | ctr --address " + socket + " -n k8s.io images import -"));
            }
        } catch (IOException e) {
            throw new TodoctlException(Phase.LOAD, "importing " + artifact.reference() + " into " + socket + " failed: "
                    + e.getMessage(), List.of("check that ctr can reach " + socket + " (root is usually needed)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TodoctlException(Phase.LOAD, "interrupted while importing " + artifact.reference(), List.of());
        }
        String name = qualified(artifact.reference());
        String config = configDigest(name).orElseThrow(() -> new TodoctlException(Phase.LOAD, "the node's containerd at "
                + socket + " does not list " + name + " after importing it", List.of("ctr --address " + socket
                + " -n k8s.io images ls")));
        if (!config.equals(artifact.digest())) {
            throw new TodoctlException(Phase.LOAD, "the node's containerd has " + name + " as image " + config
                    + ", not the one just built (" + artifact.digest() + ")",
                    List.of("remove the old one: ctr --address " + socket + " -n k8s.io images rm " + name));
        }
        return name + " in the node's containerd " + socket + " (" + config + ")";
    }

    /** {@code todo:1} as containerd names it: {@code docker.io/library/todo:1}, as the kubelet resolves it. */
    static String qualified(String reference) {
        String first = reference.substring(0, Math.max(reference.indexOf('/'), 0));
        boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (hasRegistry) {
            return reference;
        }
        return "docker.io/" + (reference.contains("/") ? "" : "library/") + reference;
    }

    /** The image's config digest (= Docker's image id), from the manifest containerd stores for {@code name}. */
    private Optional<String> configDigest(String name) {
        Optional<String> listing = ctrOutput(List.of("images", "ls", "name==" + name));
        if (listing.isEmpty()) {
            return Optional.empty();
        }
        List<String> rows = listing.get().lines().skip(1).filter(l -> l.startsWith(name + " ")).toList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String manifestDigest = rows.getFirst().split("\\s+")[2];
        return ctrOutput(List.of("content", "get", manifestDigest)).flatMap(manifest -> {
            try {
                JsonNode node = JSON.readTree(manifest);
                return Optional.ofNullable(node.path("config").path("digest").textValue());
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    private Optional<String> ctrOutput(List<String> args) {
        List<String> command = new ArrayList<>(List.of(ctr.toString(), "--address", socket.toString(), "-n", "k8s.io"));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
