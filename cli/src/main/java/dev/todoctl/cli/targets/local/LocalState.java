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

    /** Where revisions' jars are kept, one directory per jar digest (the jar and its {@code lib/}). */
    public Path keptDir(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return dir.resolve("revisions").resolve(hex.substring(0, Math.min(16, hex.length())));
    }

    /**
     * Keeps a copy of {@code jar} and its {@code lib/} under {@link #keptDir} and returns the kept jar (copies, not
     * hard links: a build may rewrite those files in place): processes run from there, so a rebuild cannot change their classes and a
     * rollback still has them. Kept already: returned as is.
     */
    public Path keep(Path jar, String digest) {
        Path kept = keptDir(digest);
        Path keptJar = kept.resolve(jar.getFileName());
        if (Files.isRegularFile(keptJar)) {
            return keptJar;
        }
        Path tmp = kept.resolveSibling(kept.getFileName() + ".tmp");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            copy(jar, tmp.resolve(jar.getFileName()));
            Path lib = jar.resolveSibling("lib");
            if (Files.isDirectory(lib)) {
                Files.createDirectories(tmp.resolve("lib"));
                try (var files = Files.list(lib)) {
                    for (Path f : files.toList()) {
                        copy(f, tmp.resolve("lib").resolve(f.getFileName()));
                    }
                }
            }
            Files.move(tmp, kept, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + jar + " under " + kept + ": " + e.getMessage(), e);
        }
        return keptJar;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }

    /** Deletes the kept jars of {@code dropped} digests that no revision in {@code inUse} still needs. */
    public void release(java.util.List<String> dropped, java.util.List<String> inUse) {
        for (String digest : dropped) {
            if (!inUse.contains(digest)) {
                deleteTree(keptDir(digest));
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
