package dev.todoctl.cli.ui;

import java.io.Writer;
import java.util.function.Consumer;

/** A writer that hands on each complete line (without its line break): for code that prints to a writer. */
public final class LineWriter extends Writer {
    private final Consumer<String> line;
    private final StringBuilder pending = new StringBuilder();

    public LineWriter(Consumer<String> line) {
        this.line = line;
    }

    @Override
    public synchronized void write(char[] chars, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (chars[i] == '\n') {
                line.accept(pending.toString());
                pending.setLength(0);
            } else if (chars[i] != '\r') {
                pending.append(chars[i]);
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
