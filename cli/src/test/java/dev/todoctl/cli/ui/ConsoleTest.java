package dev.todoctl.cli.ui;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("console output")
class ConsoleTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private Console console(Console.Verbosity verbosity, OutputFormat format, boolean tty, boolean colour) {
        return new Console(new PrintWriter(out, true), new PrintWriter(err, true), verbosity, format, tty, colour);
    }

    @ParameterizedTest(name = "{0} {1}: narration on {2}")
    @CsvSource({"NORMAL, table, out", "NORMAL, json, err", "NORMAL, yaml, err", "QUIET, table, none", "VERBOSE, json, err"})
    void narration(Console.Verbosity verbosity, OutputFormat format, String where) {
        console(verbosity, format, false, false).info("using the local target");
        assertThat(out.toString().contains("using the local target")).isEqualTo(where.equals("out"));
        assertThat(err.toString().contains("using the local target")).isEqualTo(where.equals("err"));
    }

    @Test
    @DisplayName("not a terminal: plain start and end lines, no carriage returns, no colour")
    void plain() {
        Console console = console(Console.Verbosity.NORMAL, OutputFormat.table, false, false);
        try (Progress p = console.progress("building")) {
            p.update("[INFO] compiling");
            p.done("built");
        }
        assertThat(out.toString()).contains("• building ...").contains("✓ built").doesNotContain("\r")
                .doesNotContain("\u001b[").doesNotContain("[INFO] compiling");
    }

    @Test
    @DisplayName("--verbose shows the tool output line by line")
    void verbose() {
        Console console = console(Console.Verbosity.VERBOSE, OutputFormat.table, false, false);
        try (Progress p = console.progress("building")) {
            p.update("[INFO] compiling");
        }
        assertThat(out.toString()).contains("[INFO] compiling");
    }

    @Test
    @DisplayName("terminal: one live line redrawn in place, cleared at the end")
    void live() {
        Console console = console(Console.Verbosity.NORMAL, OutputFormat.table, true, true);
        try (Progress p = console.progress("building")) {
            p.update("compiling 42 files");
            awaitOutput("compiling 42 files", Duration.ofSeconds(10));
            p.done("built");
        }
        String shown = out.toString();
        assertThat(shown).startsWith("\r\u001b[2K").contains(" building ").contains("compiling 42 files");
        // the last redraw is cleared before the result line, which is all that stays on screen
        assertThat(shown.substring(shown.lastIndexOf("\r\u001b[2K") + "\r\u001b[2K".length()))
                .startsWith("\u001b[32m✓\u001b[0m built ").endsWith("\n");
    }

    /** Waits until the live line has been drawn with {@code text}, which the progress ticker does on its own. */
    private void awaitOutput(String text, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!out.toString().contains(text)) {
            assertThat(Instant.now()).as("\"%s\" drawn within %s; output so far: %s", text, timeout, out)
                    .isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
