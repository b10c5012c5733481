package dev.todoctl.cli.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The installed {@code todoctl} run as a user runs it: its own process, a working directory, an environment. */
record Installed(Path launcher, Path cwd, Map<String, String> env) {

    record Run(List<String> args, int exitCode, String out, String err, Duration took) {
        @Override
        public String toString() {
            return "todoctl " + String.join(" ", args) + " -> exit " + exitCode + " in " + took.toMillis() + " ms\n--- out\n"
                    + out + "--- err\n" + err;
        }
    }

    Run run(Duration limit, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        long start = System.nanoTime();
        try {
            Path out = Files.createTempFile(cwd, "out-", ".txt");
            Path err = Files.createTempFile(cwd, "err-", ".txt");
            Process process = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError("todoctl " + String.join(" ", args) + " did not end within " + limit
                        + "\n--- out\n" + Files.readString(out) + "--- err\n" + Files.readString(err));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Run run = new Run(List.of(args), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), took);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return run;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
