package dev.todoctl.cli.targets.docker;

import dev.todoctl.cli.CliRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("docker status when the engine does not answer (read off its socket, without docker-java)")
class DockerStatusTest {
    @TempDir
    Path work;

    private CliRun status(Path socket) {
        return CliRun.in(work, Map.of("TODOCTL_STATE_DIR", work.resolve("state").toString()),
                "status", "--target", "docker", "--set", "docker.host=unix://" + socket);
    }

    @Test
    @DisplayName("an engine restarting underneath (socket there, nobody listening): exit 2, said so, with the fix")
    void restarting() throws IOException {
        Path socket = work.resolve("docker.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        CliRun run = status(socket);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Docker engine at unix://" + socket + " does not answer")
                .containsIgnoringCase("refused").contains("scripts/docker-engine.sh");
    }

    @Test
    @DisplayName("no engine at all: exit 2, not an internal error")
    void noEngine() {
        CliRun run = status(work.resolve("none.sock"));
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("does not answer");
    }
}
