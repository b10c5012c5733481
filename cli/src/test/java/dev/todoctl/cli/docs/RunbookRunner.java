package dev.todoctl.cli.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a runbook block as a reader would paste it: one {@code bash} per block in the working directory, commands in
 * order, with {@code todoctl} on PATH. After each command its exit code is compared with the expected one ({@code #
 * exit N}, else 0); the first mismatch stops the block and is reported with the file, line and command. Each block
 * is a fresh shell: shell variables do not carry from one block to the next.
 */
final class RunbookRunner {
    /** What a block did: {@code failure} is null when every command exited as expected. */
    record Result(Runbook.Block block, String failure, String output, Duration took) {
        boolean passed() {
            return failure == null;
        }
    }

    private final Path work;
    private final Map<String, String> env;
    private final Duration limit;
    private int scripts;

    /** {@code env} is the whole environment of the shell (PATH must reach the {@code todoctl} under test). */
    RunbookRunner(Path work, Map<String, String> env, Duration limit) {
        this.work = work;
        this.env = Map.copyOf(env);
        this.limit = limit;
    }

    Result run(Runbook.Block block, Map<String, String> extraEnv) {
        long start = System.nanoTime();
        try {
            Path dir = Files.createDirectories(work.resolve(".runbook"));
            int n = ++scripts;
            Path script = dir.resolve("block-" + n + ".sh");
            Path status = dir.resolve("block-" + n + ".status");
            Path output = dir.resolve("block-" + n + ".out");
            Files.writeString(script, script(block.commands(), status));
            ProcessBuilder pb = new ProcessBuilder("/bin/bash", script.toString()).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.environment().putAll(extraEnv);
            Process process = pb.start();
            String failure = null;
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                failure = block.where() + ": the block did not end within " + limit;
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (failure == null && Files.exists(status)) {
                String[] parts = Files.readString(status).strip().split(" ", 2);
                int line = Integer.parseInt(parts[0]);
                Runbook.Command command = block.commands().stream().filter(c -> c.line() == line).findFirst().orElseThrow();
                failure = block.file().getFileName() + ":" + line + ": `" + command.text() + "` exited " + parts[1]
                        + ", expected " + command.expectedExit();
            } else if (failure == null && process.exitValue() != 0) {
                failure = block.where() + ": the block's shell ended with exit " + process.exitValue()
                        + " before its last command (a command that exits the shell, or a syntax error)";
            }
            return new Result(block, failure, out, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The block as a script: each command echoed as {@code $ command}, run, and its exit code checked. */
    static String script(List<Runbook.Command> commands, Path status) {
        StringBuilder s = new StringBuilder("set -u -o pipefail\n");
        for (Runbook.Command c : commands) {
            s.append("printf '%s\\n' ").append(quote("$ " + c.text())).append('\n');
            s.append(c.text()).append('\n');
            s.append("__runbook_rc=$?; if [ \"$__runbook_rc\" -ne ").append(c.expectedExit())
                    .append(" ]; then echo \"").append(c.line()).append(" $__runbook_rc\" > ").append(quote(status.toString()))
                    .append("; exit 1; fi\n");
        }
        s.append("exit 0\n");
        return s.toString();
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** The last {@code n} lines of a block's output, for failure messages. */
    static String tail(String output, int n) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** The environment of the shell: the JDK, Maven and HOME of the test run, PATH with {@code bin} first. */
    static Map<String, String> environment(Path bin, Path stateDir, Path work) {
        Map<String, String> env = new HashMap<>();
        for (String key : List.of("JAVA_HOME", "MAVEN_OPTS", "DOCKER_HOST", "LANG")) {
            String value = System.getenv(key);
            if (value != null) {
                env.put(key, value);
            }
        }
        env.put("HOME", System.getProperty("user.home"));
        // an installed launcher's AOT cache and daemon socket: the test run's, else the work directory's
        env.put("XDG_CACHE_HOME", System.getenv().getOrDefault("XDG_CACHE_HOME", work.resolve("cache").toString()));
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("TODOCTL_STATE_DIR", stateDir.toString());
        env.put("NO_COLOR", "1");
        env.put("KUBECONFIG", work.resolve("no-kubeconfig").toString());
        return env;
    }
}
