package dev.todoctl.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A test's own temporary directory, removed when the test is done with it: tests leave {@code /tmp} as they found it. */
public final class TempTrees {
    private TempTrees() {
    }

    /** Copies the regular files of {@code dir} (if it exists) into {@code keep}: a finished test's logs, for a post-mortem. */
    public static void keepFiles(Path dir, Path keep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(keep);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Deletes {@code root} and everything under it; null or already gone is fine. A process that has not quite
     * stopped may still write into it, so a failed attempt is retried; a tree that cannot be removed is named on
     * stderr rather than failing the test that is done with it.
     */
    public static void delete(Path root) {
        for (int attempt = 1; root != null && Files.exists(root); attempt++) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 3) {
                    System.err.println("warning: could not remove the test directory " + root + ": " + e);
                    return;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
