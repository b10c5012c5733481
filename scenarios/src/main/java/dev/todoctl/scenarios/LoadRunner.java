package dev.todoctl.scenarios;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The API todoctl calls: starts Gatling for a {@link LoadPlan} in a JVM of its own (same Java, same class path),
 * so that Gatling's threads, memory, console output and JVM flags ({@code --add-opens}, a private preferences
 * directory) stay out of the caller's process.
 */
public final class LoadRunner {
    private final Path java;
    private final String classPath;

    public LoadRunner() {
        this(Path.of(System.getProperty("java.home"), "bin", "java"), System.getProperty("java.class.path"));
    }

    public LoadRunner(Path java, String classPath) {
        this.java = java;
        this.classPath = classPath;
    }

    public LoadRun start(LoadPlan plan) {
        try {
            Files.createDirectories(plan.resultsDir());
            Path planFile = plan.resultsDir().resolve("plan.properties");
            plan.write(planFile);
            List<String> command = new ArrayList<>(List.of(java.toString(),
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--enable-native-access=ALL-UNNAMED",
                    "-Djava.util.prefs.userRoot=" + plan.resultsDir().resolve(".prefs"),
                    "-Dlogback.configurationFile=todoctl-gatling-logback.xml",
                    "-Dgatling.data.enableAnalytics=false",
                    "-Xms256m", "-Xmx1g",
                    "-cp", classPath,
                    GatlingMain.class.getName(), planFile.toString()));
            Process process = new ProcessBuilder(command)
                    .redirectError(plan.resultsDir().resolve("gatling-jvm.err").toFile())
                    .start();
            return new LoadRun(plan, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Gatling JVM", e);
        }
    }
}
