package dev.todoctl.scenarios;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A Gatling run in progress: {@link #stop()} ends it early (the report is still written), {@link #await} its result. */
public final class LoadRun {
    private final LoadPlan plan;
    private final Process process;

    LoadRun(LoadPlan plan, Process process) {
        this.plan = plan;
        this.process = process;
    }

    /** Asks the users to finish their current request and leave; safe to call from a signal handler, repeatedly. */
    public void stop() {
        try {
            OutputStream in = process.getOutputStream();
            in.write("stop\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            // the Gatling JVM is already gone: nothing to stop
        }
    }

    /** Reads progress until Gatling is done; gives up (and kills the Gatling JVM) a generous while after the plan's end. */
    public LoadResult await(Consumer<LiveStats> progress) {
        return await(s -> { }, progress);
    }

    /**
     * As {@link #await(Consumer)}, with the set-up phase's progress too. The watchdog's limit (the plan's duration
     * and three minutes) counts from the set-up phase's last sign of life: preparing many users may take minutes.
     */
    public LoadResult await(Consumer<SetupProgress> setupProgress, Consumer<LiveStats> progress) {
        Duration limit = plan.duration().plusMinutes(3);
        java.util.concurrent.atomic.AtomicLong deadline = new java.util.concurrent.atomic.AtomicLong(System.nanoTime() + limit.toNanos());
        Thread watchdog = Thread.ofPlatform().daemon().name("gatling-watchdog").start(() -> {
            try {
                while (System.nanoTime() < deadline.get()) {
                    Thread.sleep(1000);
                }
                process.destroyForcibly();
            } catch (InterruptedException e) {
                // run finished in time
            }
        });
        String done = null;
        List<String> notes = new ArrayList<>();
        long lastRequests = 0;
        long lastMillis = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("@progress ")) {
                    String[] f = line.split(" ");
                    long millis = Long.parseLong(f[1]);
                    long requests = Long.parseLong(f[2]);
                    double recent = millis > lastMillis ? (requests - lastRequests) * 1000.0 / (millis - lastMillis) : 0;
                    lastRequests = requests;
                    lastMillis = millis;
                    progress.accept(new LiveStats(Duration.ofMillis(millis), requests, Long.parseLong(f[3]), recent));
                } else if (line.startsWith("@setup ")) {
                    String[] f = line.split(" ");
                    deadline.set(System.nanoTime() + limit.toNanos());
                    setupProgress.accept(new SetupProgress(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                            Duration.ofMillis(Long.parseLong(f[4]))));
                } else if (line.startsWith("@done ")) {
                    done = line;
                } else if (line.startsWith("@note ")) {
                    notes.add(line.substring("@note ".length()));
                }
            }
            process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for Gatling", e);
        } finally {
            watchdog.interrupt();
        }
        if (done == null) {
            throw new IllegalStateException("Gatling did not finish (exit " + process.exitValue() + ")"
                    + "; see " + plan.resultsDir().resolve(GatlingMain.LOG) + logTail());
        }
        String[] f = done.split(" ");
        int code = Integer.parseInt(f[1]);
        return new LoadResult(plan, readRecording(GatlingMain.RECORDING), Duration.ofMillis(Long.parseLong(f[2])),
                code == 1 || code == GatlingMain.SETUP_FAILED ? null : findReport().orElse(null), code, Boolean.parseBoolean(f[3]), notes,
                readSetup(), readRecording(GatlingMain.SETUP_RECORDING));
    }

    private Recording readRecording(String name) {
        Path file = plan.resultsDir().resolve(name);
        try {
            return Files.exists(file) ? Recording.fromText(Files.readString(file)) : new Recording(java.util.Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SetupPhase readSetup() {
        Path file = plan.resultsDir().resolve(GatlingMain.SETUP);
        try {
            return Files.exists(file) ? SetupPhase.fromText(Files.readString(file)) : SetupPhase.NONE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gatling writes {@code <results>/<simulation>-<timestamp>/index.html}; the newest is this run's. */
    private Optional<Path> findReport() {
        try (var dirs = Files.list(plan.resultsDir())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("index.html")))
                    .max(Comparator.comparing(d -> d.toFile().lastModified()))
                    .map(d -> d.resolve("index.html"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private String logTail() {
        for (Path file : List.of(plan.resultsDir().resolve(GatlingMain.LOG), plan.resultsDir().resolve("gatling-jvm.err"))) {
            try {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty()) {
                    return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
                }
            } catch (IOException e) {
                // try the next one
            }
        }
        return "";
    }
}
