package dev.todoctl.chart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The chart's dev supervisor run for real by bash on this machine, over a stand-in for the JVM (a bash script that
 * prints {@code started PID} when it starts), with its output lines collected. For the supervisor's own test and for
 * the in-pod exec script's.
 */
public final class Supervised implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private Supervised(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    /** Starts the supervisor over {@code app} (a bash script), with its pid file at {@code pidFile}. */
    public static Supervised start(String app, Path pidFile) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", RenderedChart.devSupervisor(), "todoctl-dev", "bash", "-c", app)
                .redirectErrorStream(true);
        pb.environment().put("TODOCTL_DEV_PID_FILE", pidFile.toString());
        return new Supervised(pb.start());
    }

    public Process process() {
        return process;
    }

    public List<String> lines() {
        return lines;
    }

    /** The pid the app printed on its n-th start (1-based), waiting up to 15 s for it. */
    public long awaitStarts(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> starts = lines.stream().filter(l -> l.startsWith("started ")).toList();
            if (starts.size() >= n) {
                return Long.parseLong(starts.get(n - 1).substring("started ".length()).trim());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no start #" + n + " in:\n" + String.join("\n", lines));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
