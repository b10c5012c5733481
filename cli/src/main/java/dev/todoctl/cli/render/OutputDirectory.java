package dev.todoctl.cli.render;

import dev.todoctl.cli.outcome.TodoctlException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The directory a render writes a tree into: checked before anything is rendered, so that a refused directory is
 * left exactly as it was; with {@code force}, only the subdirectories the render owns are replaced.
 */
public final class OutputDirectory {
    private OutputDirectory() {
    }

    /** Usage error unless {@code dir} is absent, or an empty directory, or {@code force} is given. */
    public static void requireWritable(Path dir, boolean force, List<String> owned) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw TodoctlException.usage(dir + " is not a directory", "give --output-dir a new or empty directory");
        }
        if (force || !Files.isDirectory(dir)) {
            return;
        }
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw TodoctlException.usage(dir + " is not empty; nothing was written", "give a new or empty directory",
                        "or add --force to replace its " + String.join("/ and ", owned) + "/");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir/<owned>} trees (what a forced render replaces); other files in {@code dir} stay. */
    public static void clear(Path dir, List<String> owned) throws IOException {
        for (String name : owned) {
            Path root = dir.resolve(name);
            if (!Files.exists(root)) {
                continue;
            }
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
