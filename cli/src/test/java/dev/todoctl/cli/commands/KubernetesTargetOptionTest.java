package dev.todoctl.cli.commands;

import dev.todoctl.cli.CliRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("--target on the Helm-release commands (deploy, load), and kubernetes on rollback and history")
class KubernetesTargetOptionTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"deploy", "rollback", "history", "load"})
    @DisplayName("--target kubernetes is accepted (the command goes on to the cluster), so diagnose's fix lines run as printed")
    void kubernetesIsAccepted(String command, @TempDir Path dir) {
        CliRun run = CliRun.in(dir, Map.of(), command, "--target", "kubernetes");

        assertThat(run.err()).as(run.toString()).doesNotContain("Unknown option").contains("kubeconfig");
        assertThat(run.exitCode()).as("the phase's code for no cluster, not a usage error").isIn(30, 70);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"deploy", "load"})
    @DisplayName("another target is exit 2 with the reason, before anything is looked up")
    void otherTargetsAreRefused(String command, @TempDir Path dir) {
        CliRun run = CliRun.in(dir, Map.of(), command, "--target", "docker");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("only the kubernetes target has (--target docker given)");
    }
}
