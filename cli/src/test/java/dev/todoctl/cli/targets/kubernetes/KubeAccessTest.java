package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.Environment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("KubeAccess: which cluster a context names")
class KubeAccessTest {

    static Environment env(Path dir) throws Exception {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - {name: dev, cluster: {server: "https://127.0.0.1:1"}}
                - {name: prod, cluster: {server: "https://127.0.0.1:2"}}
                users: [{name: u, user: {token: x}}]
                contexts:
                - {name: dev, context: {cluster: dev, user: u}}
                - {name: prod, context: {cluster: prod, user: u}}
                current-context: prod
                """);
        return new Environment(Map.of("KUBECONFIG", kubeconfig.toString()), dir, dir, false);
    }

    @Test
    @DisplayName("a context that does not exist is exit 2 naming the ones that do — never the current context instead")
    void unknownContextIsRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> KubeAccess.from(env(dir), "no-such-context", "todo"))
                .isInstanceOfSatisfying(TodoctlException.class, e -> {
                    assertThat(e.phase()).isEqualTo(Phase.USAGE);
                    assertThat(e.getMessage()).contains("'no-such-context' does not exist");
                    assertThat(e.suggestions()).anyMatch(s -> s.contains("dev, prod"));
                });
    }

    @Test
    @DisplayName("a named context selects its cluster; none selects the current one")
    void contextSelectsCluster(@TempDir Path dir) throws Exception {
        assertThat(KubeAccess.from(env(dir), "dev", "todo").config().getMasterUrl()).contains("127.0.0.1:1");
        assertThat(KubeAccess.from(env(dir), "", "todo").config().getMasterUrl()).contains("127.0.0.1:2");
    }
}
