package dev.todoctl.cli;

import dev.todoctl.cli.config.Setting;
import dev.todoctl.cli.daemon.DaemonPlace;
import dev.todoctl.cli.daemon.DaemonProtocol;
import dev.todoctl.cli.daemon.DaemonServer;
import dev.todoctl.cli.platform.Environment;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The todoctl daemon's program (see {@link dev.todoctl.cli.daemon.DaemonClient} for when it is used): a warm JVM
 * that runs the read-only commands — {@code status}, {@code history}, {@code config view}, {@code doctor} — exactly
 * as {@link Todoctl#main} would, with each request's own environment, working directory and terminal. Started by the
 * client with the directory and key of its {@link DaemonPlace}. {@code TODOCTL_DAEMON_IDLE} (a duration: 90s, 30m,
 * 3h) is how long it waits for the next request before it ends; 3 hours by default, as Gradle's and mvnd's.
 */
public final class TodoctlDaemon implements DaemonServer.Handler {
    static final Duration DEFAULT_IDLE = Duration.ofHours(3);

    private TodoctlDaemon() {
    }

    public static void main(String[] args) throws Exception {
        dev.todoctl.cli.platform.SelectorProviderName.set();
        // the client started it in a session of its own; a terminal's signals are not for it even where setsid was missing
        for (String signal : List.of("INT", "HUP")) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), sun.misc.SignalHandler.SIG_IGN);
        }
        Duration idle = idle(System.getenv("TODOCTL_DAEMON_IDLE"));
        warmUp();
        // kubernetes clients (TLS material, open connections) kept from one command to the next
        dev.todoctl.cli.targets.kubernetes.SharedClients.enable();
        new DaemonServer(new DaemonPlace(Path.of(args[0]), args[1]), new TodoctlDaemon(), idle).serve();
        System.exit(0);
    }

    /**
     * Runs the read-only commands once against nothing (install.sh's AOT training run: a temporary directory, a
     * closed port for a cluster) before listening, so that the first commands a user sends find their classes
     * initialised and caches filled: without it a fresh daemon's first {@code status} and {@code doctor} took 1.3 and
     * 2.0 s. Commands that come meanwhile run in JVMs of their own, as before the daemon listens.
     */
    static void warmUp() {
        long start = System.nanoTime();
        try {
            AotTraining.train(System.getenv());
            System.out.println("warmed up in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (Throwable e) {
            System.out.println("warm-up failed (the first commands are slower): " + e);
        }
    }

    /** The idle limit a variable asks for; a value that is not a positive duration is said in the log, not fatal. */
    static Duration idle(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_IDLE;
        }
        try {
            Duration d = Setting.parseDuration(raw);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (RuntimeException e) {
            // said below
        }
        System.out.println("TODOCTL_DAEMON_IDLE=" + raw + " is not a positive duration (90s, 30m, 3h): idle limit "
                + DEFAULT_IDLE.toHours() + "h");
        return DEFAULT_IDLE;
    }

    @Override
    public boolean serves(List<String> args) {
        List<String> words = args.stream().filter(a -> !a.startsWith("-")).limit(2).toList();
        if (words.isEmpty()) {
            return false;
        }
        return switch (words.getFirst()) {
            case "status", "history", "doctor" -> true;
            case "config" -> words.size() == 2 && words.get(1).equals("view");
            default -> false;
        };
    }

    @Override
    public int run(DaemonProtocol.Request request, PrintWriter out, PrintWriter err) {
        Environment env = new Environment(request.env(), Path.of(request.cwd()), Path.of(request.home()), request.tty());
        String[] args = request.args().toArray(String[]::new);
        return Todoctl.commandLine(env, out, err, args).execute(args);
    }
}
