package dev.todoctl.scenarios;

import io.gatling.app.Gatling$;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the Gatling JVM that {@link LoadRunner} starts: reads the plan, runs Gatling in-process
 * ({@code Gatling.fromArgs}, no Maven plugin), and talks to the parent over stdio — {@code @progress} lines
 * every second, then {@code @done}; the full {@link Recording} goes to {@code recording.txt}. Gatling's own
 * output goes to {@code gatling.log}. A line {@code stop} on stdin, end of stdin (the parent died) or SIGINT
 * (Ctrl-C reaches the whole process group) makes the users finish their current request and leave, after which
 * Gatling still writes its report.
 */
public final class GatlingMain {
    static final String RECORDING = "recording.txt";
    static final String LOG = "gatling.log";
    static final String SETUP = "setup.properties";
    static final String SETUP_RECORDING = "setup-recording.txt";
    /** {@code @done} code when the set-up phase could not prepare every user: the load never started. */
    static final int SETUP_FAILED = 4;

    private GatlingMain() {
    }

    public static void main(String[] args) throws Exception {
        LoadPlan plan = LoadPlan.read(Path.of(args[0]));
        PrintStream parent = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream log = new PrintStream(Files.newOutputStream(plan.resultsDir().resolve(LOG)), true, StandardCharsets.UTF_8);
        System.setOut(log);
        System.setErr(log);

        ChildRun run = ChildRun.begin(plan);
        installInterruptHandler(run);
        Thread.ofPlatform().daemon().name("stop-listener").start(() -> listenForStop(run));

        SetupPhase setup = SetupPhase.NONE;
        if (!plan.userOptions().signupInLoad()) {
            setup = prepareUsers(plan, run, parent);
        }
        Files.writeString(plan.resultsDir().resolve(SETUP), setup.toText());
        Files.writeString(plan.resultsDir().resolve(SETUP_RECORDING), run.setupRecorder().snapshot().toText());
        if (!plan.userOptions().signupInLoad() && !setup.complete()) {
            parent.println("@note " + (setup.stopped() ? "stopped during the set-up phase" : "set-up could not prepare "
                    + setup.failed() + " of " + setup.users() + " users") + ": the load did not start");
            Files.writeString(plan.resultsDir().resolve(RECORDING), "");
            parent.println("@done " + SETUP_FAILED + " 0 " + run.stopped());
            parent.flush();
            System.exit(0);
        }
        Thread.ofPlatform().daemon().name("progress").start(() -> reportProgress(run, parent));

        int code;
        try {
            code = Gatling$.MODULE$.fromArgs(new String[]{
                    "-s", TodoSimulation.class.getName(),
                    "-rf", plan.resultsDir().toString(),
                    "-rd", "todoctl loadtest " + plan.scenario()});
        } catch (Throwable t) {
            // e.g. stopped before the first request: Gatling then writes no report, but the numbers are still ours
            t.printStackTrace(log);
            parent.println("@note Gatling: " + t.getMessage());
            code = 1;
        }
        Files.writeString(plan.resultsDir().resolve(RECORDING), run.recorder().snapshot().toText());
        parent.println("@done " + code + " " + run.elapsed().toMillis() + " " + run.stopped());
        parent.flush();
        // Gatling leaves non-daemon threads behind; this JVM has nothing else to do
        System.exit(0);
    }

    /** The set-up phase, with a {@code @setup <done> <total> <failed> <ms>} line to the parent every second. */
    private static SetupPhase prepareUsers(LoadPlan plan, ChildRun run, PrintStream parent) throws InterruptedException {
        UserSetup setup = new UserSetup(plan, run.setupRecorder());
        long start = System.nanoTime();
        Thread ticker = Thread.ofPlatform().daemon().name("setup-progress").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                parent.println("@setup " + setup.done() + " " + plan.users() + " " + setup.failed() + " "
                        + (System.nanoTime() - start) / 1_000_000);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        UserSetup.Outcome outcome = setup.run(() -> !run.stopRequested());
        ticker.interrupt();
        ticker.join();
        parent.println("@setup " + setup.done() + " " + plan.users() + " " + setup.failed() + " " + outcome.phase().elapsed().toMillis());
        run.prepared(outcome.users());
        return outcome.phase();
    }

    @SuppressWarnings("removal")
    private static void installInterruptHandler(ChildRun run) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> run.stop());
        } catch (IllegalArgumentException e) {
            // no SIGINT on this platform: the parent's "stop" line still works
        }
    }

    private static void listenForStop(ChildRun run) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals("stop")) {
                    run.stop();
                }
            }
        } catch (IOException e) {
            // treated like end of input
        }
        run.stop();
    }

    private static void reportProgress(ChildRun run, PrintStream parent) {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            Recorder r = run.recorder();
            parent.println("@progress " + run.elapsed().toMillis() + " " + r.requests() + " " + r.errors());
        }
    }
}
