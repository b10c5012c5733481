package dev.todoctl.cli.build;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.platform.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The Docker engine todoctl talks to through docker-java: {@code docker.host}, else {@code DOCKER_HOST}, else the
 * local socket. The API version is left unpinned (negotiated), which works with engine 20.10 (API 1.41).
 */
public final class DockerEngine implements AutoCloseable {
    private final String host;
    private DockerClient client;

    public DockerEngine(TodoctlConfig config, Environment env) {
        this.host = !config.docker().host().isEmpty() ? config.docker().host()
                : env.get("DOCKER_HOST").orElse("unix:///var/run/docker.sock");
    }

    public String host() {
        return host;
    }

    public synchronized DockerClient client() {
        if (client == null) {
            DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(host).build();
            ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(URI.create(host))
                    .connectionTimeout(Duration.ofSeconds(2)).responseTimeout(Duration.ofMinutes(30)).maxConnections(20)
                    .build();
            client = DockerClientImpl.getInstance(config, http);
        }
        return client;
    }

    /** The engine's version when it answers; empty with the reason otherwise. */
    public Optional<Version> version(StringBuilder whyNot) {
        if (host.startsWith("unix://") && !java.nio.file.Files.exists(java.nio.file.Path.of(host.substring(7)))) {
            whyNot.append("no Docker socket at ").append(host.substring(7));
            return Optional.empty();
        }
        try {
            client().pingCmd().exec();
            return Optional.of(client().versionCmd().exec());
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            whyNot.append("Docker engine at ").append(host).append(" does not answer: ").append(root.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
