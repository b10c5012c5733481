package dev.todoctl.cli.ui;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Where human-facing lines go. With {@code --output json|yaml} stdout carries only the document, so progress
 * and messages move to stderr; {@code --quiet} keeps only errors and the result; {@code --verbose} adds detail.
 * On a terminal long stages get a live progress line; otherwise each stage prints plain start/end lines.
 */
public final class Console {
    public enum Verbosity { QUIET, NORMAL, VERBOSE }

    private final PrintWriter out;
    private final PrintWriter err;
    private final Verbosity verbosity;
    private final OutputFormat format;
    private final boolean tty;
    private final boolean colour;

    public Console(PrintWriter out, PrintWriter err, Verbosity verbosity, OutputFormat format, boolean tty, boolean colour) {
        this.out = out;
        this.err = err;
        this.verbosity = verbosity;
        this.format = format;
        this.tty = tty;
        this.colour = colour;
    }

    public OutputFormat format() {
        return format;
    }

    public boolean verbose() {
        return verbosity == Verbosity.VERBOSE;
    }

    /** The result of a command: always printed, on stdout. */
    public PrintWriter result() {
        return out;
    }

    /** A line of human narration ("using the local target because ..."). */
    public void info(String line) {
        if (verbosity != Verbosity.QUIET) {
            human().println(line);
            human().flush();
        }
    }

    public void detail(String line) {
        if (verbosity == Verbosity.VERBOSE) {
            human().println(dim(line));
            human().flush();
        }
    }

    public void warn(String line) {
        err.println(paint("33", "warning: ") + line);
        err.flush();
    }

    /** Starts a long-running step: a live line on a terminal, a start line otherwise. */
    public Progress progress(String title) {
        boolean live = tty && verbosity == Verbosity.NORMAL && !format.machine();
        return new Progress(this, title, live);
    }

    PrintWriter human() {
        return format.machine() ? err : out;
    }

    boolean quiet() {
        return verbosity == Verbosity.QUIET;
    }

    public String ok(String text) {
        return paint("32", text);
    }

    public String bad(String text) {
        return paint("31", text);
    }

    /** One of a few distinct colours, by index: tells apart the components' log lines. */
    public String accent(int index, String text) {
        String[] codes = {"36", "35", "34", "33"};
        return paint(codes[Math.floorMod(index, codes.length)], text);
    }

    public String dim(String text) {
        return paint("2", text);
    }

    private String paint(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    public static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
