package dev.todoctl.cli.build;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.chart.ChartValues;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.platform.CommandRunner;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.platform.Fingerprint;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * The artifact build, then one image per Dockerfile target ({@code api}, {@code web}) through docker-java (legacy
 * builder, layer cache reused), named as the chart names them and tagged with the app version, the git short sha
 * and {@code latest}. Each image carries a label with the fingerprint of its inputs (jar, libraries, Dockerfile,
 * build args): when an image with that label exists, nothing is rebuilt.
 */
public final class DockerImageBuilder implements ImageBuilder {
    static final String INPUTS_LABEL = "dev.todoctl.inputs";
    public static final List<String> COMPONENTS = List.of("api", "web");
    static final String LOCAL_JRE = "todoctl/jre:25";

    private final TodoctlConfig config;
    private final Environment env;
    private final Console console;
    private final DockerEngine engine;
    private final ArtifactBuilder artifacts;

    public DockerImageBuilder(TodoctlConfig config, Environment env, Console console, DockerEngine engine,
                              ArtifactBuilder artifacts) {
        this.config = config;
        this.env = env;
        this.console = console;
        this.engine = engine;
        this.artifacts = artifacts;
    }

    /** {@code registry/repository} of a component's image, without a tag. */
    public String repository(String component) {
        ChartValues values = ChartValues.read(artifacts.sourceDir().resolve(config.images().chart()), config.profile());
        String repository = values.string(component + ".image.repository", "todo-chatbot-" + component);
        String registry = config.build().registry().isEmpty() ? values.string("global.imageRegistry", "")
                : config.build().registry();
        return registry.isEmpty() ? repository : registry.replaceAll("/+$", "") + "/" + repository;
    }

    @Override
    public BuildResult build() {
        BuildResult jar = artifacts.build();
        Path source = artifacts.sourceDir();
        Path dockerfile = source.resolve(config.images().dockerfile());
        if (!Files.isRegularFile(dockerfile)) {
            throw new TodoctlException(Phase.BUILD, "no Dockerfile at " + dockerfile,
                    List.of("set images.dockerfile (relative to " + source + ")"));
        }
        Path jarPath = Path.of(jar.artifacts().getFirst().reference());
        List<String> evidence = new ArrayList<>(jar.evidence());
        evidence.add("images built in " + engine.endpoint().name());
        Map<String, String> buildArgs = buildArgs(dockerfile, jarPath, evidence);
        List<String> tags = tags(source, jarPath);
        List<Artifact> images = new ArrayList<>();
        List<String> pushed = new ArrayList<>();
        boolean upToDate = jar.upToDate();
        for (String component : COMPONENTS) {
            String inputs = new Fingerprint().add(component).add(jar.artifacts().getFirst().digest())
                    .addTree(jarPath.getParent(), jarPath.resolveSibling("lib")).addFile(dockerfile)
                    .add(buildArgs.toString()).hex();
            String repository = repository(component);
            String primary = repository + ":" + tags.getFirst();
            Set<String> tagged = new LinkedHashSet<>();
            tags.forEach(t -> tagged.add(repository + ":" + t));
            String imageId = existing(primary, inputs);
            if (imageId != null) {
                evidence.add(primary + " already built from these inputs (" + INPUTS_LABEL + "=" + inputs.substring(0, 12) + ")");
            } else {
                upToDate = false;
                imageId = buildImage(source, dockerfile, component, tagged, inputs, buildArgs, evidence);
            }
            for (String ref : tagged) {
                int colon = ref.lastIndexOf(':');
                engine.client().tagImageCmd(imageId, ref.substring(0, colon), ref.substring(colon + 1)).exec();
            }
            if (config.build().push()) {
                push(tagged, pushed, evidence);
            }
            images.add(new Artifact(component, primary, imageId));
        }
        return new BuildResult(images, upToDate, Duration.ZERO, evidence, pushed);
    }

    /**
     * The configured build args, plus VERSION; without a configured JRE_IMAGE, the Dockerfile's default is used
     * unless the engine lacks it and has the locally built {@code todoctl/jre:25} (machines with no registry).
     */
    Map<String, String> buildArgs(Path dockerfile, Path jar, List<String> evidence) {
        Map<String, String> args = new java.util.TreeMap<>(config.images().buildArgs());
        if (!args.containsKey("JRE_IMAGE")) {
            String declared = declaredDefault(dockerfile, "JRE_IMAGE");
            if (declared != null && !present(declared) && present(LOCAL_JRE)) {
                args.put("JRE_IMAGE", LOCAL_JRE);
                evidence.add(declared + " not in the engine; using the local " + LOCAL_JRE + " (scripts/base-images.sh)");
            }
        }
        version(jar).ifPresent(v -> args.putIfAbsent("VERSION", v));
        return args;
    }

    static String declaredDefault(Path dockerfile, String arg) {
        try {
            for (String line : Files.readAllLines(dockerfile)) {
                String t = line.trim();
                if (t.startsWith("ARG " + arg + "=")) {
                    return t.substring(("ARG " + arg + "=").length()).trim();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    boolean present(String image) {
        try {
            engine.client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private String existing(String reference, String inputs) {
        try {
            InspectImageResponse image = engine.client().inspectImageCmd(reference).exec();
            Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
            return labels != null && inputs.equals(labels.get(INPUTS_LABEL)) ? image.getId() : null;
        } catch (NotFoundException e) {
            return null;
        }
    }

    private String buildImage(Path source, Path dockerfile, String component, Set<String> tags, String inputs,
                              Map<String, String> buildArgs, List<String> evidence) {
        List<String> lastLines = new ArrayList<>();
        try (Progress progress = console.progress("building image " + tags.iterator().next())) {
            BuildImageCmd cmd = engine.client().buildImageCmd().withBaseDirectory(source.toFile())
                    .withDockerfile(dockerfile.toFile()).withTarget(component).withTags(tags).withForcerm(true)
                    .withLabels(Map.of(INPUTS_LABEL, inputs));
            buildArgs.forEach(cmd::withBuildArg);
            String id = cmd.exec(new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                    if (item.getStream() != null) {
                        String line = item.getStream().strip();
                        if (!line.isEmpty()) {
                            progress.update(line);
                            lastLines.add(line);
                            if (lastLines.size() > 20) {
                                lastLines.removeFirst();
                            }
                        }
                    }
                    super.onNext(item);
                }
            }).awaitImageId();
            // awaitImageId() gives the short id; the deploy fingerprint needs the same full id inspect reports
            String fullId = engine.client().inspectImageCmd(id).exec().getId();
            evidence.add("built " + String.join(", ", tags) + " (" + fullId + ")");
            return fullId;
        } catch (RuntimeException e) {
            throw new TodoctlException(Phase.BUILD, "image build failed: " + e.getMessage() + "\n    "
                    + String.join("\n    ", lastLines),
                    List.of("base images missing offline? run scripts/base-images.sh, or set images.build-args",
                            "check the engine with `todoctl doctor`"), e);
        }
    }

    /**
     * Pushes each tag and keeps the manifest digest the registry answered with (the engine's final {@code aux}
     * message): a push is only reported once the registry confirmed it. A failure says which tags did reach the
     * registry before it.
     */
    public List<String> push(Set<String> refs) {
        List<String> pushed = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        push(refs, pushed, evidence);
        return evidence;
    }

    void push(Set<String> refs, List<String> pushed, List<String> evidence) {
        for (String ref : refs) {
            int colon = ref.lastIndexOf(':');
            String[] digest = new String[1];
            String[] failure = new String[1];
            try (Progress progress = console.progress("pushing " + ref)) {
                engine.client().pushImageCmd(ref.substring(0, colon)).withTag(ref.substring(colon + 1))
                        .exec(new ResultCallback.Adapter<PushResponseItem>() {
                            @Override
                            public void onNext(PushResponseItem item) {
                                // kept, not thrown: docker-java logs a thrown exception with its stack trace on
                                // stderr; the engine ends the stream after its error message anyway
                                if (item.isErrorIndicated()) {
                                    failure[0] = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                                            ? item.getErrorDetail().getMessage() : item.getError();
                                    return;
                                }
                                if (item.getAux() != null && item.getAux().getDigest() != null) {
                                    digest[0] = item.getAux().getDigest();
                                }
                                if (item.getStatus() != null) {
                                    progress.update(item.getStatus());
                                }
                            }
                        }).awaitCompletion();
                if (failure[0] != null) {
                    throw new IllegalStateException(failure[0]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TodoctlException(Phase.BUILD, "interrupted while pushing " + ref + alreadyPushed(pushed));
            } catch (RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                throw new TodoctlException(Phase.BUILD, "push of " + ref + " failed: " + why + alreadyPushed(pushed),
                        PushProblems.fixes(registryOf(ref), why), e);
            }
            if (digest[0] == null) {
                throw new TodoctlException(Phase.BUILD, "the engine ended the push of " + ref
                        + " without the registry's digest: not counted as pushed" + alreadyPushed(pushed),
                        List.of("push it by hand to see the engine's output: docker push " + ref));
            }
            pushed.add(ref + "@" + digest[0]);
            evidence.add("pushed " + ref + " as " + digest[0]);
        }
    }

    private static String alreadyPushed(List<String> pushed) {
        return pushed.isEmpty() ? " (nothing was pushed)" : " (already in the registry: " + String.join(", ", pushed) + ")";
    }

    /** The registry host of a reference: the part before the first slash. */
    static String registryOf(String ref) {
        int slash = ref.indexOf('/');
        return slash < 0 ? "docker.io" : ref.substring(0, slash);
    }

    /** version (from the jar manifest), git short sha (when in a git checkout), latest. */
    List<String> tags(Path source, Path jar) {
        List<String> tags = new ArrayList<>();
        version(jar).ifPresent(tags::add);
        CommandRunner.Outcome git = new CommandRunner().run(List.of("git", "rev-parse", "--short", "HEAD"), source,
                Map.of(), line -> { });
        if (git.ok() && !git.tail().isEmpty() && git.tail().getLast().matches("[0-9a-f]{4,40}")) {
            tags.add(git.tail().getLast());
        }
        tags.add("latest");
        return tags;
    }

    static java.util.Optional<String> version(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return java.util.Optional.empty();
        }
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            String version = jarFile.getManifest() == null ? null
                    : jarFile.getManifest().getMainAttributes().getValue("Implementation-Version");
            return java.util.Optional.ofNullable(version).map(v -> v.replaceAll("[^A-Za-z0-9_.-]", "-"));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
