package dev.todoctl.cli.build;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The Docker engine todoctl talks to through docker-java: {@code docker.host}, else {@code DOCKER_HOST}, else the
 * local socket — or an engine named by an {@link Endpoint} (minikube's, over TLS). The API version is left unpinned
 * (negotiated), which works with engine 20.10 (API 1.41).
 */
public final class DockerEngine implements AutoCloseable {
    /**
     * Where an engine is: its host ({@code unix://...} or {@code tcp://...}), the directory of its TLS client
     * material ({@code ca.pem}, {@code cert.pem}, {@code key.pem}, as {@code DOCKER_CERT_PATH}) when it needs TLS,
     * and what todoctl calls it in messages.
     */
    public record Endpoint(String host, Optional<Path> tlsCertPath, String name) {
        public static Endpoint of(TodoctlConfig config, Environment env) {
            String host = !config.docker().host().isEmpty() ? config.docker().host()
                    : env.get("DOCKER_HOST").orElse("unix:///var/run/docker.sock");
            return new Endpoint(host, Optional.empty(), "Docker engine at " + host);
        }
    }

    /** What the engine says it is. */
    public record EngineVersion(String version, String apiVersion) {
    }

    private final Endpoint endpoint;
    private DockerClient client;

    public DockerEngine(TodoctlConfig config, Environment env) {
        this(Endpoint.of(config, env));
    }

    public DockerEngine(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    public String host() {
        return endpoint.host();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The engine's Unix socket when it is reached through one: then {@link #json} asks it without docker-java. */
    public Optional<Path> socket() {
        return endpoint.host().startsWith("unix://") ? Optional.of(Path.of(endpoint.host().substring("unix://".length())))
                : Optional.empty();
    }

    /**
     * {@code GET path} of the Engine API straight on its {@link #socket()}: the JSON of a 200, empty for a 404, an
     * IOException for anything else. For the read-only commands: docker-java's client and its typed responses cost
     * ~0.7 s of CPU in a fresh JVM (measured: status of a release with no containers 1.2–1.5 s CPU against 0.6 s for `config view`) before the first answer.
     */
    public Optional<JsonNode> json(String path) throws IOException {
        Path socket = socket().orElseThrow(() -> new IllegalStateException(endpoint.name() + " is not a local socket"));
        EngineSocket.Answer answer = EngineSocket.get(socket, path, Duration.ofSeconds(10));
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw new IOException(endpoint.name() + " answered " + answer.statusLine() + " to GET " + path);
        }
        return Optional.of(answer.json());
    }

    public synchronized DockerClient client() {
        if (client == null) {
            DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost(endpoint.host());
            endpoint.tlsCertPath().ifPresent(certs -> builder.withDockerTlsVerify(true).withDockerCertPath(certs.toString()));
            DefaultDockerClientConfig config = builder.build();
            ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                    .sslConfig(endpoint.tlsCertPath().isPresent() ? config.getSSLConfig() : null)
                    .connectionTimeout(Duration.ofSeconds(2)).responseTimeout(Duration.ofMinutes(30)).maxConnections(20)
                    .build();
            client = DockerClientImpl.getInstance(config, http);
        }
        return client;
    }

    /**
     * The engine's version when it answers; empty with the reason otherwise. A local socket is asked directly
     * ({@link EngineSocket}: {@code GET /version}, the call docker-java would make), without building docker-java's
     * client: for {@code doctor} and target selection that client was most of the check.
     */
    public Optional<EngineVersion> version(StringBuilder whyNot) {
        if (socket().isPresent()) {
            Path socket = socket().get();
            if (!Files.exists(socket)) {
                whyNot.append("no Docker socket at ").append(socket);
                return Optional.empty();
            }
            try {
                return Optional.of(EngineSocket.version(socket, Duration.ofSeconds(5)));
            } catch (IOException e) {
                whyNot.append(endpoint.name()).append(" does not answer: ").append(e.getMessage());
                return Optional.empty();
            }
        }
        try {
            client().pingCmd().exec();
            Version version = client().versionCmd().exec();
            return Optional.of(new EngineVersion(version.getVersion(), version.getApiVersion()));
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            whyNot.append(endpoint.name()).append(" does not answer: ").append(root.getMessage());
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
