package dev.todoctl.cli.platform;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SIGINT and SIGTERM, taken back from embedded Helm. helm-java runs Helm's Go code in this JVM, and the Go runtime,
 * once that code asks for a signal (Helm's install and upgrade do, to cancel on Ctrl-C; a render is enough), puts
 * its own native handler in the JVM's place and keeps it: from then on Ctrl-C and SIGTERM went to a Go channel that
 * nobody reads, so {@code todoctl up} on kubernetes could not be interrupted and {@code todoctl dev} ignored its stop
 * signal (found by the dev-loop benchmark; {@code SignalsTest} shows it with a real render).
 *
 * <p>The JDK cannot say which Java handler a signal had once Go replaced the native one (it reports Go's), so the
 * handlers todoctl installs go through {@link #handle} and are remembered here; {@link #reclaim()} registers them
 * again — for a signal without one, the JVM's own behaviour (exit 128 + the signal's number, shutdown hooks run) —
 * which re-installs the JVM's native handler.
 */
@SuppressWarnings("removal")
public final class Signals {
    private static final List<String> TAKEN_BACK = List.of("INT", "TERM");
    private static final Map<String, sun.misc.SignalHandler> INSTALLED = new ConcurrentHashMap<>();
    /** What the JVM does on SIGINT/SIGTERM by itself. */
    private static final sun.misc.SignalHandler JVM_DEFAULT = signal -> System.exit(128 + signal.getNumber());

    private Signals() {
    }

    /** Installs a Java handler (as {@code sun.misc.Signal.handle}) that {@link #reclaim()} will put back; returns the previous. */
    public static sun.misc.SignalHandler handle(String name, sun.misc.SignalHandler handler) {
        sun.misc.SignalHandler previous = sun.misc.Signal.handle(new sun.misc.Signal(name), handler);
        INSTALLED.put(name, handler);
        return previous;
    }

    /** Puts back what {@link #handle} returned. */
    public static void restore(String name, sun.misc.SignalHandler previous) {
        sun.misc.Signal.handle(new sun.misc.Signal(name), previous);
        if (previous == sun.misc.SignalHandler.SIG_DFL || previous == sun.misc.SignalHandler.SIG_IGN) {
            INSTALLED.remove(name);
        } else {
            INSTALLED.put(name, previous);
        }
    }

    /** After a call into embedded Helm: SIGINT and SIGTERM reach the JVM's Java handlers again. */
    public static void reclaim() {
        for (String name : TAKEN_BACK) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), INSTALLED.getOrDefault(name, JVM_DEFAULT));
            } catch (IllegalArgumentException | IllegalStateException e) {
                // -Xrs, or a signal this platform does not have: the JVM does not handle it, nothing to take back
            }
        }
    }
}
