package dev.todoctl.cli.targets.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.DockerGate;
import dev.todoctl.cli.platform.Ports;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real registry for tests: Debian's {@code docker-registry} (Docker Distribution 2.8) started by the test with its
 * own config — filesystem storage in a temporary directory, plain HTTP on 127.0.0.1 and a free port (the engine
 * treats 127.0.0.0/8 as insecure, so it pushes there without TLS) — and stopped by {@link #close()}. Never the
 * system service. A missing binary skips the test, unless TODOCTL_REQUIRE_DOCKER=true (scripts/test.sh installs
 * the package), where it fails.
 */
final class LocalRegistry implements AutoCloseable {
    static final Path BINARY = Path.of(System.getenv().getOrDefault("TODOCTL_REGISTRY_BIN", "/usr/bin/docker-registry"));
    /** What the engine may have pushed: a single-platform manifest, or an index for multi-platform images. */
    static final String MANIFEST_TYPES = String.join(", ", "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalRegistry(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static LocalRegistry start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            DockerGate.unavailable("no registry binary at " + BINARY + " (apt-get install docker-registry)");
        }
        int port = Ports.anyFree();
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("storage"), port));
        Path log = dir.resolve("registry.log");
        Process process = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalRegistry registry = new LocalRegistry(process, log, port);
        registry.awaitReady();
        return registry;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("registry exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (get("/v2/", "application/json").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("registry not ready on 127.0.0.1:" + port + " in 15 s:\n" + Files.readString(log));
    }

    /** {@code 127.0.0.1:PORT}, as --registry takes it. */
    String address() {
        return "127.0.0.1:" + port;
    }

    /** {@code GET /v2/<repository>/tags/list}: empty when the registry does not know the repository. */
    List<String> tags(String repository) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/v2/" + repository + "/tags/list", "application/json");
        List<String> tags = new ArrayList<>();
        if (response.statusCode() == 200) {
            JSON.readTree(response.body()).path("tags").forEach(t -> tags.add(t.asText()));
        }
        return tags;
    }

    /** {@code GET /v2/<repository>/manifests/<tag>}'s Docker-Content-Digest, empty when the tag is missing. */
    Optional<String> digest(String repository, String tag) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/v2/" + repository + "/manifests/" + tag, MANIFEST_TYPES);
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode manifest = JSON.readTree(response.body());
        if (manifest.path("schemaVersion").asInt() != 2) {
            throw new IllegalStateException("unexpected manifest for " + repository + ":" + tag + ": " + response.body());
        }
        return response.headers().firstValue("Docker-Content-Digest");
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + address() + path)).header("Accept", accept)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
