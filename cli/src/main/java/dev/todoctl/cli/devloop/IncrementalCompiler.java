package dev.todoctl.cli.devloop;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compiles the Java sources a save touched — and, through {@code -sourcepath}, any source newer than its class that
 * they use — against the built jar, its libraries and the overlay of earlier compiles. Output goes to a staging
 * directory first and reaches the overlay only when the whole compile succeeded, so a broken save never changes
 * what the next restart runs: the last good classes keep serving.
 *
 * <p>In-process through {@code javax.tools} when todoctl runs on a JDK (a warm compiler: a one-file change takes
 * well under a second), otherwise the deployment JDK's {@code javac}. Options follow the build's: the pom's
 * {@code maven.compiler.release} and {@code -parameters}.
 */
public final class IncrementalCompiler {
    private static final Pattern RELEASE = Pattern.compile("<maven\\.compiler\\.release>(\\d+)</maven\\.compiler\\.release>");

    private final Path javaRoot;
    private final Path overlay;
    private final List<Path> classpath;
    private final String release;
    private final Optional<Path> javac;

    /**
     * @param javaRoot  the sources' root ({@code src/main/java})
     * @param overlay   where compiled classes accumulate for the dev deployment
     * @param jar       the built application jar; its {@code lib/} sibling holds the dependencies
     * @param buildFile the pom that names the release
     * @param jdkHome   the JDK whose {@code javac} is used when todoctl itself runs on a runtime without a compiler
     */
    public IncrementalCompiler(Path javaRoot, Path overlay, Path jar, Path buildFile, Path jdkHome) {
        this.javaRoot = javaRoot;
        this.overlay = overlay;
        this.classpath = classpathOf(jar);
        this.release = releaseOf(buildFile);
        this.javac = ToolProvider.getSystemJavaCompiler() == null ? Optional.of(jdkHome.resolve("bin/javac")) : Optional.empty();
    }

    /** The outcome: classes written to the overlay, or the compiler's errors (and the overlay untouched). */
    public record Result(boolean ok, int classes, List<String> errors) {
    }

    public Result compile(Collection<Path> sources) {
        Path staging;
        try {
            Files.createDirectories(overlay);
            staging = Files.createTempDirectory(overlay.getParent(), "compile-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + overlay + ": " + e.getMessage(), e);
        }
        try {
            List<String> options = new ArrayList<>(List.of("--release", release, "-parameters", "-nowarn",
                    "-implicit:class", "-encoding", "UTF-8", "-proc:none",
                    "-d", staging.toString(), "-sourcepath", javaRoot.toString(), "-cp", classpathString()));
            List<String> errors = javac.isPresent() ? external(options, sources) : inProcess(options, sources);
            if (!errors.isEmpty()) {
                return new Result(false, 0, errors);
            }
            return new Result(true, publish(staging), List.of());
        } finally {
            delete(staging);
        }
    }

    /** Copies a saved resource into the overlay at its class-path location. */
    public void copyResource(Path resourcesRoot, Path resource) {
        Path target = overlay.resolve(resourcesRoot.relativize(resource).toString());
        try {
            Files.createDirectories(target.getParent());
            Files.copy(resource, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + resource + " into " + overlay + ": " + e.getMessage(), e);
        }
    }

    private List<String> inProcess(List<String> options, Collection<Path> sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            boolean ok = compiler.getTask(null, files, diagnostics, options, null, units).call();
            List<String> errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> location(d) + ": " + d.getMessage(Locale.ROOT)).toList();
            return ok ? List.of() : errors.isEmpty() ? List.of("the compiler failed without a message") : errors;
        } catch (IOException e) {
            return List.of("compiler: " + e.getMessage());
        }
    }

    private String location(Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null) {
            return "javac";
        }
        Path file = Path.of(d.getSource().toUri());
        String shown = file.startsWith(javaRoot) ? javaRoot.relativize(file).toString() : file.toString();
        return shown + ":" + d.getLineNumber();
    }

    private List<String> external(List<String> options, Collection<Path> sources) {
        List<String> argv = new ArrayList<>();
        argv.add(javac.orElseThrow().toString());
        argv.addAll(options);
        sources.forEach(s -> argv.add(s.toString()));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? List.of() : out.lines().filter(l -> l.contains("error")).toList();
        } catch (IOException e) {
            return List.of("cannot run " + argv.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted");
        }
    }

    private int publish(Path staging) {
        int[] count = {0};
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = overlay.resolve(staging.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
                count[0]++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move compiled classes into " + overlay + ": " + e.getMessage(), e);
        }
        return count[0];
    }

    private String classpathString() {
        List<String> entries = new ArrayList<>();
        entries.add(overlay.toString());
        classpath.forEach(p -> entries.add(p.toString()));
        return String.join(File.pathSeparator, entries);
    }

    private static List<Path> classpathOf(Path jar) {
        List<Path> entries = new ArrayList<>(List.of(jar));
        Path lib = jar.resolveSibling("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(entries::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + lib + ": " + e.getMessage(), e);
            }
        }
        return entries;
    }

    static String releaseOf(Path buildFile) {
        try {
            Matcher m = RELEASE.matcher(Files.readString(buildFile));
            return m.find() ? m.group(1) : "21";
        } catch (IOException e) {
            return "21";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory under the overlay's parent; the next session's start clears it
        }
    }
}
