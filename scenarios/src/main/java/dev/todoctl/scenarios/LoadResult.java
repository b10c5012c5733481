package dev.todoctl.scenarios;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A finished (or stopped) run: the plan, todoctl's own recording of every request of the load, how long the simulation
 * ran (the set-up phase excluded), Gatling's HTML report ({@code null} if Gatling wrote none) and Gatling's exit code —
 * 0, 2 when its assertions (the plan's thresholds) failed, 1 when Gatling itself failed (then {@code notes} says why;
 * the recording is still valid), 4 when the set-up phase could not prepare every user and the load never started.
 * {@code setupPhase} and {@code setupRecording}: the set-up phase before the ramp, apart from the measured load.
 */
public record LoadResult(LoadPlan plan, Recording recording, Duration elapsed, Path report, int gatlingExitCode,
                         boolean stopped, List<String> notes, SetupPhase setupPhase, Recording setupRecording) {

    public LoadResult {
        notes = List.copyOf(notes);
    }

    public LoadResult(LoadPlan plan, Recording recording, Duration elapsed, Path report, int gatlingExitCode,
                      boolean stopped, List<String> notes) {
        this(plan, recording, elapsed, report, gatlingExitCode, stopped, notes, SetupPhase.NONE, new Recording(java.util.Map.of()));
    }

    /** The users' journeys (with their sign-ups when they sign up inside the load): the measured requests. */
    public Recording workload() {
        return recording.only(name -> !LoadPlan.SETUP_REQUESTS.contains(name));
    }

    /**
     * Everything done once per user to get it going, not measured: the set-up phase's requests (sign-up, login,
     * token check, clean-up, seeding) and, when users sign up inside the load, their seeding.
     */
    public Recording setup() {
        return setupRecording.plus(recording.only(LoadPlan.SETUP_REQUESTS::contains));
    }

    /** Whether the load ran at all (it does not when the set-up phase could not prepare every user). */
    public boolean loadStarted() {
        return gatlingExitCode != 4;
    }

    /** Requests of the journeys (set-up excluded, as in all the figures below). */
    public long requests() {
        return workload().requests();
    }

    public long errors() {
        return workload().errors();
    }

    public double errorPercent() {
        return requests() == 0 ? 0 : 100.0 * errors() / requests();
    }

    /** Requests per second over the whole simulation, ramp included (as Gatling computes it). */
    public double rps() {
        double seconds = elapsed.toMillis() / 1000.0;
        return seconds <= 0 ? 0 : requests() / seconds;
    }

    public Latencies latencies() {
        return workload().latencies();
    }

    /**
     * Gatling's verdict on the thresholds; meaningful only when the plan had some and Gatling ran to the end.
     * Gatling's figures include the set-up requests.
     */
    public boolean gatlingAssertionsHeld() {
        return gatlingExitCode == 0;
    }

    /**
     * Generators' results as one run of {@code plan}: every request name's counts, statuses and response-time buckets
     * add up, so percentiles come from the merged histogram (never an average of the parts' percentiles); the run
     * lasted as long as the longest part; the worst Gatling exit code stands (1 before 4 before 2 before 0).
     */
    public static LoadResult merge(LoadPlan plan, List<LoadResult> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        Recording recording = new Recording(java.util.Map.of());
        Recording setupRecording = new Recording(java.util.Map.of());
        SetupPhase setup = null;
        Duration elapsed = Duration.ZERO;
        boolean stopped = false;
        int code = 0;
        List<String> notes = new java.util.ArrayList<>();
        for (LoadResult part : parts) {
            recording = recording.plus(part.recording);
            setupRecording = setupRecording.plus(part.setupRecording);
            setup = setup == null ? part.setupPhase : setup.plus(part.setupPhase);
            elapsed = part.elapsed.compareTo(elapsed) > 0 ? part.elapsed : elapsed;
            stopped |= part.stopped;
            code = worse(code, part.gatlingExitCode);
            notes.addAll(part.notes);
        }
        return new LoadResult(plan, recording, elapsed, null, code, stopped, notes, setup, setupRecording);
    }

    private static int worse(int a, int b) {
        List<Integer> order = List.of(1, GatlingMain.SETUP_FAILED, 2, 0);
        return order.indexOf(a) <= order.indexOf(b) && order.contains(a) ? a : b;
    }
}
