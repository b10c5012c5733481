package dev.todoctl.cli.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real cluster for the cluster test group: the kubeconfig in {@code KUBECONFIG} (scripts/test.sh starts the
 * k8s kit and points it there) and the installed {@code todoctl} launcher. Without them the group is skipped, unless
 * {@code TODOCTL_REQUIRE_CLUSTER=true} (as CI sets it), which makes that a failure.
 */
final class ClusterGate {
    static final String REQUIRE_ENV = "TODOCTL_REQUIRE_CLUSTER";

    private ClusterGate() {
    }

    static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv(REQUIRE_ENV))) {
            Assertions.fail(reason + " — and " + REQUIRE_ENV + "=true, so this is a failure, not a skip");
        }
        Assumptions.abort(reason + " — skipped (scripts/test.sh starts the cluster; " + REQUIRE_ENV + "=true fails instead)");
    }

    /** The kubeconfig of a cluster that answers, else skip/fail. */
    static Path kubeconfig() {
        String value = System.getenv("KUBECONFIG");
        if (value == null || value.isBlank() || !Files.isRegularFile(Path.of(value))) {
            unavailable("no KUBECONFIG file (start the test cluster: scripts/k8s-cluster.sh start)");
        }
        Path file = Path.of(value);
        try (KubernetesClient client = client(file)) {
            client.getKubernetesVersion();
        } catch (RuntimeException e) {
            unavailable("the cluster of " + file + " does not answer: " + e.getMessage());
        }
        return file;
    }

    static KubernetesClient client(Path kubeconfig) {
        try {
            Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            config.setRequestTimeout(15_000);
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The installed launcher: {@code TODOCTL_BIN}, else {@code todoctl} on PATH. */
    static Path launcher() {
        Optional<Path> found = Optional.ofNullable(System.getenv("TODOCTL_BIN")).map(Path::of).filter(Files::isExecutable)
                .or(() -> java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                        .map(d -> Path.of(d, "todoctl")).filter(Files::isExecutable).findFirst());
        if (found.isEmpty()) {
            unavailable("no installed todoctl (run ./install.sh, or set TODOCTL_BIN)");
        }
        return found.get();
    }
}
