package dev.todoctl.cli.loadtest;

import dev.todoctl.scenarios.LoadRun;

/**
 * While a load test runs, Ctrl-C (SIGINT) stops the run instead of killing todoctl, so the report still comes;
 * a second Ctrl-C is passed on as usual. The previous handler is restored when closed.
 */
@SuppressWarnings("removal")
public final class StopOnInterrupt implements AutoCloseable {
    private final Runnable onFirst;
    private volatile Runnable stop;
    private volatile boolean interrupted;
    private sun.misc.SignalHandler previous;

    public StopOnInterrupt(Runnable onFirst) {
        this.onFirst = onFirst;
        try {
            previous = dev.todoctl.cli.platform.Signals.handle("INT", this::handle); // kept through embedded Helm
        } catch (IllegalArgumentException | IllegalStateException e) {
            previous = null; // no SIGINT here (or the JVM runs with -Xrs): Ctrl-C simply ends todoctl
        }
    }

    public void watch(LoadRun run) {
        watch(run::stop);
    }

    /** Anything a Ctrl-C should stop, e.g. load generators in a cluster (their Job is then deleted). */
    public void watch(Runnable stopper) {
        this.stop = stopper;
        if (interrupted) {
            stopper.run();
        }
    }

    private void handle(sun.misc.Signal signal) {
        if (interrupted && previous != null) {
            previous.handle(signal);
            return;
        }
        interrupted = true;
        onFirst.run();
        Runnable r = stop;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            dev.todoctl.cli.platform.Signals.restore("INT", previous);
        }
    }
}
