package dev.todoctl.cli.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs an external tool, streaming its merged output line by line and keeping the last lines for errors. */
public final class CommandRunner {
    private static final int TAIL = 30;

    public record Outcome(int exitCode, List<String> tail) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public Outcome run(List<String> command, Path dir, Map<String, String> env, Consumer<String> lines) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Deque<String> tail = new ArrayDeque<>();
        try {
            Process process = pb.start();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (tail.size() == TAIL) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                    lines.accept(line);
                }
            }
            return new Outcome(process.waitFor(), List.copyOf(tail));
        } catch (IOException e) {
            return new Outcome(127, List.of("cannot run " + command.getFirst() + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(130, List.copyOf(tail));
        }
    }
}
