package dev.todoctl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the parts of the checkout the app's build needs (the poms, sample-app's main sources, and any extra trees),
 * for tests that edit sources — {@code todoctl dev} — without touching the checkout.
 */
public final class SourceCopy {
    private SourceCopy() {
    }

    public static Path of(Path repository, Path target, List<String> extraTrees) throws IOException {
        copy(repository.resolve("pom.xml"), target.resolve("pom.xml"));
        copy(repository.resolve("sample-app/pom.xml"), target.resolve("sample-app/pom.xml"));
        copyTree(repository.resolve("sample-app/src/main"), target.resolve("sample-app/src/main"));
        for (String extra : extraTrees) {
            copyTree(repository.resolve(extra), target.resolve(extra));
        }
        return target;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    copy(p, dest);
                }
            }
        }
    }
}
