package dev.todoctl.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Docker engine for cli tests. Without an engine (or an image a test needs) the test is skipped, unless
 * TODOCTL_REQUIRE_DOCKER=true (scripts/test.sh sets it), which turns the skip into a failure.
 */
public final class DockerGate {
    public static final String REQUIRE_ENV = "TODOCTL_REQUIRE_DOCKER";

    private DockerGate() {
    }

    /** Skips (or fails, when required) with the given reason. Never returns. */
    public static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv(REQUIRE_ENV))) {
            Assertions.fail(reason + " — and " + REQUIRE_ENV + "=true, so this is a failure, not a skip");
        }
        Assumptions.abort(reason + " — skipped (set " + REQUIRE_ENV + "=true to make this a failure)");
    }

    /** Whether an engine answers on the default Unix socket (without loading docker-java). */
    public static boolean engineAnswers() {
        Path socket = Path.of("/var/run/docker.sock");
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /** A docker-java client of the default engine, or a skip/failure when none answers. */
    public static DockerClient connect() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        DockerClient client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofMinutes(5)).build());
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            unavailable("no Docker engine answers at " + config.getDockerHost()
                    + " (start one: scripts/docker-engine.sh): " + e.getMessage());
        }
        return client;
    }
}
