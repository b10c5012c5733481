package dev.todoctl.scenarios;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one run in progress inside the Gatling JVM. Static because Gatling instantiates the simulation class by
 * reflection with no arguments; it is set once by {@link GatlingMain} before Gatling starts, in a JVM that does
 * nothing else.
 */
final class ChildRun {
    private static volatile ChildRun current;

    private final LoadPlan plan;
    private final Recorder recorder = new Recorder();
    private final Recorder setupRecorder = new Recorder();
    private volatile java.util.List<UserSetup.PreparedUser> prepared = java.util.List.of();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private volatile long startedNanos;
    private volatile long endedNanos;
    private volatile long deadlineNanos = Long.MAX_VALUE;

    private ChildRun(LoadPlan plan) {
        this.plan = plan;
    }

    static ChildRun begin(LoadPlan plan) {
        current = new ChildRun(plan);
        return current;
    }

    static ChildRun current() {
        if (current == null) {
            throw new IllegalStateException("TodoSimulation runs only through GatlingMain (todoctl loadtest)");
        }
        return current;
    }

    LoadPlan plan() {
        return plan;
    }

    Recorder recorder() {
        return recorder;
    }

    /** The set-up phase's requests, apart from the measured ones. */
    Recorder setupRecorder() {
        return setupRecorder;
    }

    /** The users the set-up phase prepared, in user order (empty when users sign up inside the load). */
    java.util.List<UserSetup.PreparedUser> prepared() {
        return prepared;
    }

    void prepared(java.util.List<UserSetup.PreparedUser> users) {
        prepared = java.util.List.copyOf(users);
    }

    /** Until someone asks to stop (the set-up phase has no deadline of its own). */
    boolean stopRequested() {
        return stopRequested.get();
    }

    void simulationStarted() {
        startedNanos = System.nanoTime();
        deadlineNanos = startedNanos + plan.duration().toNanos();
    }

    void simulationEnded() {
        endedNanos = System.nanoTime();
    }

    /** Users keep going while this holds: before the deadline and until someone asks to stop. */
    boolean running() {
        return !stopRequested.get() && System.nanoTime() < deadlineNanos;
    }

    void stop() {
        stopRequested.set(true);
    }

    boolean stopped() {
        return stopRequested.get();
    }

    Duration elapsed() {
        if (startedNanos == 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((endedNanos != 0 ? endedNanos : System.nanoTime()) - startedNanos);
    }
}
