package dev.todoctl.cli.build;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.Fingerprint;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load generator's image ({@code todoctl loadtest --generators N}): the scenarios jar and Gatling's libraries —
 * the very files todoctl's own Gatling JVM runs from — on the same JRE base as the app's images, started as
 * {@code GeneratorMain}. Its tag is the fingerprint of those inputs, so an unchanged todoctl reuses the image (and the
 * node its copy); pushed like the app's images when the build pushes. Built only when a load test asks for
 * generators: {@code todoctl build} and {@code up} do not make it.
 * <p>
 * On the local stand-in base ({@code todoctl/jre:25}, jlinked with only the app's modules) Gatling misses
 * {@code java.prefs}: the image then gets a runtime jlinked from todoctl's own Java with {@link #MODULES}, on the
 * Debian base that JRE is made from (once per fingerprint). A registry JRE (eclipse-temurin) has every module and is
 * used as it is.
 */
public final class GeneratorImageBuilder {
    public static final String REPOSITORY = "todoctl-load-generator";
    static final String LOCAL_DEBIAN = "todoctl/debian-base:trixie";
    static final String DOCKERFILE = """
            ARG BASE_IMAGE=todoctl/jre:25
            FROM ${BASE_IMAGE}
            ENV JAVA_HOME=/opt/java/openjdk
            ENV PATH=/opt/java/openjdk/bin:$PATH
            COPY jre/ /opt/java/openjdk/
            COPY lib/ /gen/lib/
            COPY classes/ /gen/classes/
            ENV HOME=/tmp
            USER 65534:65534
            ENTRYPOINT ["java", "-Xmx192m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=/tmp", "-cp", "/gen/classes:/gen/lib/*", \\
                        "dev.todoctl.scenarios.GeneratorMain"]
            """;

    /** What Gatling and the scenarios need of the JDK (java.prefs is what the app's JRE lacks). */
    static final String MODULES = "java.se,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.charsets,jdk.management,jdk.net";

    private final TodoctlConfig config;
    private final Console console;
    private final DockerEngine engine;
    private final DockerImageBuilder images;

    public GeneratorImageBuilder(TodoctlConfig config, Console console, DockerEngine engine, DockerImageBuilder images) {
        this.config = config;
        this.console = console;
        this.engine = engine;
        this.images = images;
    }

    /** Builds (unless an image of these inputs exists) and pushes when the build pushes; one artifact, {@code generator}. */
    public BuildResult build(List<Path> classPath) {
        String jre = config.images().buildArgs().getOrDefault("JRE_IMAGE",
                images.present("eclipse-temurin:25-jre") || !images.present(DockerImageBuilder.LOCAL_JRE)
                        ? "eclipse-temurin:25-jre" : DockerImageBuilder.LOCAL_JRE);
        boolean jlink = jre.equals(DockerImageBuilder.LOCAL_JRE);
        String base = jlink && images.present(LOCAL_DEBIAN) ? LOCAL_DEBIAN : jre;
        Fingerprint fingerprint = new Fingerprint().add(DOCKERFILE).add(base).add(jlink ? MODULES + Runtime.version() : "as is");
        for (Path entry : classPath) {
            if (Files.isDirectory(entry)) {
                fingerprint.addTree(entry, entry);
            } else {
                fingerprint.add(entry.getFileName().toString()).addFile(entry);
            }
        }
        String inputs = fingerprint.hex();
        String registry = config.build().registry().replaceAll("/+$", "");
        String repository = (registry.isEmpty() ? "" : registry + "/") + REPOSITORY;
        String reference = repository + ":" + inputs.substring(0, 12);
        List<String> evidence = new ArrayList<>();
        String id;
        boolean upToDate;
        try {
            id = engine.client().inspectImageCmd(reference).exec().getId();
            upToDate = true;
            evidence.add(reference + " already built from these inputs");
        } catch (NotFoundException e) {
            id = buildImage(classPath, base, jlink, reference, inputs, evidence);
            upToDate = false;
        }
        List<String> pushed = new ArrayList<>();
        if (config.build().push()) {
            Set<String> refs = new LinkedHashSet<>(List.of(reference));
            images.push(refs, pushed, evidence);
        }
        return new BuildResult(List.of(new Artifact("generator", reference, id)), upToDate, Duration.ZERO, evidence, pushed);
    }

    private String buildImage(List<Path> classPath, String base, boolean jlink, String reference, String inputs, List<String> evidence) {
        Path context = null;
        try (Progress progress = console.progress("building image " + reference)) {
            context = Files.createTempDirectory("todoctl-generator-image-");
            Path lib = Files.createDirectories(context.resolve("lib"));
            Path classes = Files.createDirectories(context.resolve("classes"));
            if (jlink) {
                progress.update("jlink " + MODULES);
                jlink(context.resolve("jre"));
                evidence.add("runtime jlinked from " + System.getProperty("java.home") + " with " + MODULES);
            } else {
                Files.createDirectories(context.resolve("jre"));
            }
            for (Path entry : classPath) {
                if (Files.isDirectory(entry)) {
                    copyTree(entry, classes);
                } else {
                    Files.copy(entry, lib.resolve(entry.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(context.resolve("Dockerfile"), DOCKERFILE);
            String id = engine.client().buildImageCmd().withBaseDirectory(context.toFile())
                    .withDockerfile(context.resolve("Dockerfile").toFile()).withTags(Set.of(reference)).withForcerm(true)
                    .withBuildArg("BASE_IMAGE", base).withLabels(Map.of(DockerImageBuilder.INPUTS_LABEL, inputs))
                    .exec(new BuildImageResultCallback() {
                        @Override
                        public void onNext(BuildResponseItem item) {
                            if (item.getStream() != null && !item.getStream().isBlank()) {
                                progress.update(item.getStream().strip());
                            }
                            super.onNext(item);
                        }
                    }).awaitImageId();
            String full = engine.client().inspectImageCmd(id).exec().getId();
            evidence.add("built " + reference + " (" + full + ") from " + classPath.size() + " class path entries on " + base);
            return full;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new TodoctlException(Phase.BUILD, "the load generator image did not build: " + e.getMessage(),
                    List.of("base image " + base + " missing offline? run scripts/base-images.sh, or set images.build-args.JRE_IMAGE",
                            "or give a built one: --generator-image REF"), e);
        } finally {
            deleteTree(context);
        }
    }

    private static void jlink(Path into) throws IOException {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "jlink");
        if (!Files.isExecutable(tool)) {
            throw new IllegalStateException("no jlink in " + System.getProperty("java.home") + " to give the generator java.prefs");
        }
        Process p = new ProcessBuilder(tool.toString(), "--add-modules", MODULES, "--strip-debug", "--no-man-pages",
                "--no-header-files", "--compress=zip-6", "--output", into.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("jlink failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during jlink", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
