package dev.todoctl.scenarios;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The API todoctl calls: starts Gatling for a {@link LoadPlan} in a JVM of its own (same Java), so that Gatling's
 * libraries (its Netty 4.2 among them), threads, memory, console output and JVM flags ({@code --add-opens}, a
 * private preferences directory) stay out of the caller's process. The caller needs only this module's own
 * classes; none of the runner API touches Gatling types.
 */
public final class LoadRunner {
    private final Path javaBin;
    private final String classPath;

    /** The Gatling JVM's class path: where this class was loaded from plus the libraries the build listed. */
    public LoadRunner() {
        this(Path.of(System.getProperty("java.home"), "bin", "java"), gatlingClassPath());
    }

    /**
     * What a Gatling JVM needs, as files: this module's jar (or classes directory) and Gatling's libraries — what a
     * load generator image is made of.
     */
    public static List<Path> classPathEntries() {
        return java.util.Arrays.stream(gatlingClassPath().split(File.pathSeparator)).map(Path::of).toList();
    }

    static String gatlingClassPath() {
        List<String> entries = new ArrayList<>();
        try {
            entries.add(Path.of(LoadRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot tell where the scenarios classes come from", e);
        }
        try (var in = LoadRunner.class.getResourceAsStream("gatling.classpath")) {
            if (in == null) {
                throw new IllegalStateException("gatling.classpath is missing from the scenarios jar: rebuild it with Maven");
            }
            for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
                if (!Files.exists(Path.of(entry))) {
                    throw new IllegalStateException("Gatling library " + entry + " is missing (the scenarios jar lists the "
                            + "libraries of the machine it was built on): rebuild todoctl here (install.sh)");
                }
                entries.add(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return String.join(File.pathSeparator, entries);
    }

    public LoadRunner(Path java, String classPath) {
        this.javaBin = java;
        this.classPath = classPath;
    }

    public LoadRun start(LoadPlan plan) {
        try {
            Files.createDirectories(plan.resultsDir());
            Path planFile = plan.resultsDir().resolve("plan.properties");
            plan.write(planFile);
            List<String> command = new ArrayList<>(List.of(javaBin.toString(),
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--enable-native-access=ALL-UNNAMED",
                    "-Djava.util.prefs.userRoot=" + plan.resultsDir().resolve(".prefs"),
                    "-Dlogback.configurationFile=todoctl-gatling-logback.xml",
                    "-Dgatling.data.enableAnalytics=false",
                    "-Xms256m", "-Xmx1g",
                    "-cp", classPath,
                    // by name: loading GatlingMain here would need Gatling on the caller's class path
                    "dev.todoctl.scenarios.GatlingMain", planFile.toString()));
            Process process = new ProcessBuilder(command)
                    .redirectError(plan.resultsDir().resolve("gatling-jvm.err").toFile())
                    .start();
            return new LoadRun(plan, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Gatling JVM", e);
        }
    }
}
