package dev.todoctl.cli.targets.docker;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("docker dev loop: bind mounts only on an engine that sees this machine's files")
class DockerLiveReloadTest {

    @Test
    @DisplayName("a socket or loopback engine is local; minikube's or another host's is not")
    void engineIsLocal() {
        assertThat(DockerTarget.engineIsLocal("unix:///var/run/docker.sock")).isTrue();
        assertThat(DockerTarget.engineIsLocal("tcp://127.0.0.1:2375")).isTrue();
        assertThat(DockerTarget.engineIsLocal("tcp://localhost:2376/")).isTrue();
        assertThat(DockerTarget.engineIsLocal("tcp://192.168.49.2:2376")).isFalse();
        assertThat(DockerTarget.engineIsLocal("tcp://127.0.0.1.evil.example:2376")).isFalse();
        assertThat(DockerTarget.engineIsLocal("ssh://builder@10.0.0.5")).isFalse();
    }
}
