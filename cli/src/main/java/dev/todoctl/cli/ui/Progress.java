package dev.todoctl.cli.ui;

import java.time.Duration;
import java.time.Instant;

/**
 * One step's progress. Live mode redraws a single line ({@code \r}) with a spinner, the elapsed time and the
 * latest output line of the tool being run; plain mode prints the title once and, with --verbose, each line.
 */
public final class Progress implements AutoCloseable {
    private static final String SPINNER = "|/-\\";
    private final Console console;
    private final String title;
    private final boolean live;
    private final Instant start = Instant.now();
    private final Thread ticker;
    private volatile String lastLine = "";
    private volatile boolean finished;

    Progress(Console console, String title, boolean live) {
        this.console = console;
        this.title = title;
        this.live = live;
        if (live) {
            ticker = Thread.ofPlatform().daemon().name("progress").start(this::tick);
        } else {
            ticker = null;
            console.info("• " + title + " ...");
        }
    }

    /** A line of output from the work in progress (build output, container state...). */
    public void update(String line) {
        lastLine = line;
        if (!live) {
            console.detail("  " + line);
        }
    }

    public Duration elapsed() {
        return Duration.between(start, Instant.now());
    }

    public void done(String summary) {
        finish(console.ok("✓") + " " + summary + " " + console.dim("(" + Console.seconds(elapsed()) + ")"));
    }

    public void failed(String summary) {
        finish(console.bad("✗") + " " + summary + " " + console.dim("(" + Console.seconds(elapsed()) + ")"));
    }

    @Override
    public void close() {
        if (!finished) {
            finish(null);
        }
    }

    private synchronized void finish(String line) {
        finished = true;
        if (ticker != null) {
            ticker.interrupt();
            console.human().print("\r\u001b[2K");
        }
        if (line != null && !console.quiet()) {
            console.human().println(line);
        }
        console.human().flush();
    }

    private void tick() {
        int i = 0;
        while (!finished) {
            synchronized (this) {
                if (finished) {
                    return;
                }
                String tail = lastLine.length() > 60 ? lastLine.substring(0, 60) + "…" : lastLine;
                console.human().print("\r\u001b[2K" + SPINNER.charAt(i++ % 4) + " " + title + " "
                        + Console.seconds(elapsed()) + (tail.isEmpty() ? "" : "  " + console.dim(tail)));
                console.human().flush();
            }
            try {
                Thread.sleep(120);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
