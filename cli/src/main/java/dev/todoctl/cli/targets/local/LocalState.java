package dev.todoctl.cli.targets.local;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The local target's state directory: {@code deployment.json} (what runs, for "nothing changed" and for a fresh
 * todoctl to find it), pid files, {@code logs/}, the H2 database under {@code data/} and the generated JWT
 * secret ({@code jwt-secret}, mode 0600, never printed).
 */
public record LocalState(Path dir) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was started, recorded at deploy time. */
    public record Deployment(int revision, String fingerprint, int apiPort, int webPort, String jar, String jarDigest,
                             String javaHome) {
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path logFile(String component) {
        return dir.resolve("logs").resolve(component + ".log");
    }

    public Path pidFile(String component) {
        return dir.resolve(component + ".pid");
    }

    private Path deploymentFile() {
        return dir.resolve("deployment.json");
    }

    public Optional<Deployment> deployment() {
        Path file = deploymentFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Deployment.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void save(Deployment deployment) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("deployment.json.tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), deployment);
            Files.move(tmp, deploymentFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void forgetDeployment() {
        try {
            Files.deleteIfExists(deploymentFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The api's JWT secret: created once (48 random bytes) with owner-only permissions. */
    public String jwtSecret() {
        return dev.todoctl.cli.platform.SecretFile.getOrCreate(dir.resolve("jwt-secret"), 48);
    }

    public void purge() {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
