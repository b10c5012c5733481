package dev.todoctl.scenarios;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A finished (or stopped) run: the plan, todoctl's own recording of every request, how long the simulation ran, Gatling's HTML
 * report ({@code null} if Gatling wrote none) and Gatling's exit code — 0, 2 when its assertions (the plan's
 * thresholds) failed, 1 when Gatling itself failed (then {@code notes} says why; the recording is still valid).
 */
public record LoadResult(LoadPlan plan, Recording recording, Duration elapsed, Path report, int gatlingExitCode,
                         boolean stopped, List<String> notes) {

    public LoadResult {
        notes = List.copyOf(notes);
    }

    /** The users' journeys: everything but sign-up and seeding ({@link LoadPlan#SETUP_REQUESTS}). */
    public Recording workload() {
        return recording.only(name -> !LoadPlan.SETUP_REQUESTS.contains(name));
    }

    /** Sign-up and seeding, once per user. */
    public Recording setup() {
        return recording.only(LoadPlan.SETUP_REQUESTS::contains);
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
}
