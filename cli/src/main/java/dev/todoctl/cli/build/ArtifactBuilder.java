package dev.todoctl.cli.build;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.platform.CommandRunner;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.platform.Fingerprint;
import dev.todoctl.cli.platform.JdkLocator;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The artifact build (Maven for the sample app, configurable as {@code build.command}) run with a JDK >= 21.
 * Skipped when the jar exists and the fingerprint of {@code build.inputs} matches the one recorded beside the
 * jar at its last build, so an unchanged checkout rebuilds nothing.
 */
public final class ArtifactBuilder implements ImageBuilder {
    static final String FAST_MAVEN_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    private final TodoctlConfig config;
    private final Environment env;
    private final Console console;

    public ArtifactBuilder(TodoctlConfig config, Environment env, Console console) {
        this.config = config;
        this.env = env;
        this.console = console;
    }

    public Path sourceDir() {
        return config.sourceDir().orElseThrow(() -> TodoctlException.usage(
                "cannot find the sample-app sources (no sample-app/pom.xml above " + env.cwd() + ")",
                "run todoctl inside the checkout, or set source-dir (todoctl.yaml, TODOCTL_SOURCE_DIR or --set source-dir=...)"));
    }

    public Path jar() {
        return sourceDir().resolve(config.build().artifact());
    }

    @Override
    public BuildResult build() {
        Path source = sourceDir();
        Path jar = jar();
        Path marker = jar.resolveSibling(jar.getFileName() + ".todoctl-inputs");
        String inputs = inputsFingerprint(source);
        List<String> evidence = new ArrayList<>();
        evidence.add("inputs sha256 " + inputs.substring(0, 12) + " over " + String.join(", ", config.build().inputs()));
        if (Files.isRegularFile(jar) && inputs.equals(read(marker))) {
            evidence.add("jar present and inputs unchanged: build skipped");
            return new BuildResult(List.of(artifact(jar)), true, Duration.ZERO, evidence);
        }
        JdkLocator.Jdk jdk = new JdkLocator(env).find();
        evidence.add("JDK " + jdk.feature() + " at " + jdk.home() + " (" + jdk.why() + ")");
        Map<String, String> buildEnv = new LinkedHashMap<>();
        buildEnv.put("JAVA_HOME", jdk.home().toString());
        buildEnv.put("PATH", jdk.home().resolve("bin") + ":" + env.get("PATH").orElse("/usr/bin:/bin"));
        if (isMaven(config.build().command())) {
            // Maven's JVM lives for seconds: C1 alone and the serial collector halve its CPU time for the
            // one-module build `up` runs after an edit (bench numbers in README). The user's MAVEN_OPTS wins.
            String opts = env.get("MAVEN_OPTS").orElse(FAST_MAVEN_OPTS);
            buildEnv.put("MAVEN_OPTS", opts);
            // the user's own MAVEN_OPTS may carry credentials (proxy passwords): never echoed
            evidence.add(opts.equals(FAST_MAVEN_OPTS) ? "MAVEN_OPTS=" + opts : "MAVEN_OPTS from the environment");
        }
        CommandRunner.Outcome outcome;
        try (Progress progress = console.progress("building " + String.join(" ", config.build().command()))) {
            outcome = new CommandRunner().run(config.build().command(), source, buildEnv, progress::update);
        }
        if (!outcome.ok() || !Files.isRegularFile(jar)) {
            throw new TodoctlException(Phase.BUILD, "the artifact build failed (" + String.join(" ", config.build().command())
                    + " exited " + outcome.exitCode() + (outcome.ok() ? ", but " + jar + " was not produced" : "")
                    + "); last output:\n    " + String.join("\n    ", outcome.tail()),
                    List.of("run the command yourself in " + source + " to see the full output",
                            "check build.command and build.artifact in todoctl.yaml"));
        }
        write(marker, inputs);
        evidence.add("ran " + String.join(" ", config.build().command()));
        return new BuildResult(List.of(artifact(jar)), false, Duration.ZERO, evidence);
    }

    static boolean isMaven(List<String> command) {
        if (command.isEmpty()) {
            return false;
        }
        String program = Path.of(command.getFirst()).getFileName().toString();
        return program.equals("mvn") || program.equals("mvnw");
    }

    String inputsFingerprint(Path source) {
        Fingerprint fp = new Fingerprint().add(String.join(" ", config.build().command()));
        for (String input : config.build().inputs()) {
            fp.addTree(source, source.resolve(input));
        }
        return fp.hex();
    }

    private static Artifact artifact(Path jar) {
        return new Artifact("app", jar.toString(), "sha256:" + Fingerprint.ofFile(jar));
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
