package dev.todoctl.cli.targets.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ContainerdImporter: which containerd is the node's")
class ContainerdImporterTest {

    static Node node(String name, String runtime, String address, String... images) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .withNewNodeInfo().withContainerRuntimeVersion(runtime).endNodeInfo()
                .addNewAddress().withType("InternalIP").withAddress(address).endAddress()
                .addNewImage().withNames(List.of(images)).endImage().endStatus().build();
    }

    /** A ctr that lists, per socket, the images of a file named after the socket's directory. */
    static Path fakeCtr(Path dir) throws IOException {
        Path ctr = dir.resolve("ctr");
        Files.writeString(ctr, """
                #!/bin/sh
                [ "$1" = --address ] || exit 2
                cat "$(dirname "$2")/images" 2>/dev/null || exit 1
                """);
        Files.setPosixFilePermissions(ctr, PosixFilePermissions.fromString("rwxr-xr-x"));
        return ctr;
    }

    static Path socket(Path dir, String name, String... images) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("images"), String.join("\n", images) + "\n");
        return Files.createFile(d.resolve("containerd.sock"));
    }

    @Test
    @DisplayName("of two containerds, the one holding the node's images is the node's (Docker's is not)")
    void picksTheNodesRuntime(@TempDir Path dir) throws IOException {
        Path ctr = fakeCtr(dir);
        Path docker = socket(dir, "docker", "docker.io/library/alpine:3");
        Path kubelet = socket(dir, "kubelet", "k8s.local/pause:3.4.1", "docker.io/library/postgres:17");
        Node node = node("localhost", "containerd://1.6.20", "10.9.9.9", "k8s.local/pause:3.4.1");
        List<String> why = new ArrayList<>();

        assertThat(ContainerdImporter.find(List.of(node), Optional.of(ctr), docker.toString(), why)).isEmpty();
        assertThat(why).anySatisfy(w -> assertThat(w).contains("holds none of the node's images"));
        assertThat(ContainerdImporter.find(List.of(node), Optional.of(ctr), kubelet.toString(), new ArrayList<>()))
                .hasValueSatisfying(i -> assertThat(i.socket()).isEqualTo(kubelet));
    }

    @Test
    @DisplayName("refused, with the reason: several nodes, another runtime, a node elsewhere, no ctr")
    void refusals(@TempDir Path dir) throws IOException {
        Path ctr = fakeCtr(dir);
        Node here = node("localhost", "containerd://1.6.20", "127.0.0.1", "k8s.local/pause:3.4.1");
        Node docker = node("localhost", "docker://20.10.24", "127.0.0.1");
        Node elsewhere = node("worker-7.example.com", "containerd://1.7.0", "192.0.2.7");

        assertThat(reason(List.of(here, here), Optional.of(ctr))).contains("2 nodes");
        assertThat(reason(List.of(docker), Optional.of(ctr))).contains("docker://20.10.24, not containerd");
        assertThat(reason(List.of(elsewhere), Optional.of(ctr))).contains("is not this machine");
        assertThat(reason(List.of(here), Optional.empty())).contains("ctr");
    }

    private static String reason(List<Node> nodes, Optional<Path> ctr) {
        List<String> why = new ArrayList<>();
        assertThat(ContainerdImporter.find(nodes, ctr, "/nonexistent/containerd.sock", why)).isEmpty();
        return String.join("; ", why);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"todo-chatbot-api:abc, docker.io/library/todo-chatbot-api:abc",
            "team/api:1, docker.io/team/api:1",
            "127.0.0.1:5000/api:1, 127.0.0.1:5000/api:1",
            "registry.example.com/team/api:1, registry.example.com/team/api:1",
            "localhost/api:1, localhost/api:1"})
    @DisplayName("references are named as the kubelet resolves them")
    void qualifiedNames(String reference, String expected) {
        assertThat(ContainerdImporter.qualified(reference)).isEqualTo(expected);
    }
}
