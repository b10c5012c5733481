package dev.todoctl.cli.ops.assistant;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The single choke point for every change the assistant makes. It shows the plan and decides: {@code --yes}
 * approves, a terminal asks "y/N", anything else (a script, CI, a pipe) refuses and says to rerun with
 * {@code --yes}. Only this class can create an {@link Approval}, and {@link PlannedChange#apply} needs one.
 */
public final class Confirmation {
    public enum Mode { ASSUME_YES, INTERACTIVE, REFUSE }

    /** Proof that the gate approved one particular change; nothing else can construct it. */
    public static final class Approval {
        private final PlannedChange change;

        private Approval(PlannedChange change) {
            this.change = change;
        }

        boolean covers(PlannedChange candidate) {
            return change == candidate;
        }
    }

    /** What the gate did with a change. */
    public sealed interface Outcome {
        /** Whether the gate let the change run (it may still have failed). */
        boolean approved();

        String message();

        record Applied(String message) implements Outcome {
            public boolean approved() {
                return true;
            }
        }

        /** Approved, then the platform said no (the change may be partly done; the message says what happened). */
        record Failed(String message) implements Outcome {
            public boolean approved() {
                return true;
            }
        }

        /** The user answered no at the prompt. */
        record Declined(String message) implements Outcome {
            public boolean approved() {
                return false;
            }
        }

        /** No terminal to ask on and no {@code --yes}: not done (exit 2 for the command). */
        record Refused(String message) implements Outcome {
            public boolean approved() {
                return false;
            }
        }
    }

    private final Mode mode;
    private final BufferedReader in;
    private final PrintWriter prompt;

    private Confirmation(Mode mode, Reader in, PrintWriter prompt) {
        this.mode = mode;
        this.in = in == null ? null : new BufferedReader(in);
        this.prompt = prompt;
    }

    public static Confirmation assumeYes() {
        return new Confirmation(Mode.ASSUME_YES, null, null);
    }

    /** Asks on {@code prompt} and reads the answer from {@code in}; only "y" or "yes" approves. */
    public static Confirmation interactive(Reader in, PrintWriter prompt) {
        return new Confirmation(Mode.INTERACTIVE, in, prompt);
    }

    public static Confirmation refuseAll() {
        return new Confirmation(Mode.REFUSE, null, null);
    }

    /** The rule of {@code todoctl ask}: {@code --yes} approves, else a terminal asks, else refuse. */
    public static Confirmation forCommand(boolean yes, boolean tty, Reader in, PrintWriter prompt) {
        if (yes) {
            return assumeYes();
        }
        return tty ? interactive(in, prompt) : refuseAll();
    }

    public Mode mode() {
        return mode;
    }

    public Outcome submit(PlannedChange change) {
        return switch (mode) {
            case ASSUME_YES -> run(change);
            case REFUSE -> new Outcome.Refused("Not done: " + change.description().replaceFirst("\\.$", "")
                    + ". This change needs confirmation and there is no terminal to ask on: rerun with --yes to allow it.");
            case INTERACTIVE -> ask(change) ? run(change)
                    : new Outcome.Declined("Not done: you declined to " + lowerFirst(change.description()) + ".");
        };
    }

    private boolean ask(PlannedChange change) {
        prompt.println("The assistant wants to make a change:");
        prompt.println("  " + change.description());
        prompt.print("Proceed? [y/N] ");
        prompt.flush();
        String answer;
        try {
            answer = in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String a = answer == null ? "" : answer.trim().toLowerCase(Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }

    private static Outcome run(PlannedChange change) {
        try {
            return new Outcome.Applied(change.apply(new Approval(change)));
        } catch (RuntimeException e) {
            return new Outcome.Failed("Tried to " + lowerFirst(change.description()) + ", but it failed: "
                    + e.getMessage());
        }
    }

    private static String lowerFirst(String s) {
        String t = s.replaceFirst("^(?i)will ", "").replaceFirst("\\.$", "");
        return t.isEmpty() ? t : Character.toLowerCase(t.charAt(0)) + t.substring(1);
    }
}
