package dev.todoctl.app.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Formats on the logging thread and writes from one background thread, in batches.
 *
 * <p>Why not JUL's StreamHandler: it formats, writes and flushes inside one {@code synchronized} block, so with an
 * access-log line per request every request queued on that lock, and on a busy machine a writer descheduled while
 * holding it stalled all of them (the api benchmark's p99 roughly halved with the access log off). JUL has no
 * asynchronous handler, and Logback/Log4j2 would replace the app's whole logging set-up for this one class.
 *
 * <p>Nothing is dropped: when the queue is full, callers wait (back-pressure), and {@link #close()} (run by the
 * LogManager's shutdown hook, after the app's own graceful shutdown) writes what is left.
 */
final class AsyncLineHandler extends Handler {
    private static final String POISON = "";

    private final OutputStream out;
    private final BlockingQueue<String> queue;
    private final Thread writer;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean closed;

    AsyncLineHandler(OutputStream out, Formatter formatter, int capacity) {
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(capacity);
        setFormatter(formatter);
        this.writer = Thread.ofPlatform().daemon().name("log-writer").unstarted(this::drain);
        writer.start();
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        String line;
        try {
            line = getFormatter().format(record);
        } catch (RuntimeException e) {
            reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        try {
            queue.put(line);
            queued.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(List.of(line));
        }
    }

    private void drain() {
        List<String> batch = new ArrayList<>(256);
        try {
            while (true) {
                String first = queue.take();
                if (first == POISON) {
                    break;
                }
                batch.add(first);
                queue.drainTo(batch, 1023);
                boolean last = batch.remove(POISON);
                write(batch);
                batch.clear();
                if (last) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void write(List<String> lines) {
        try {
            StringBuilder text = new StringBuilder(lines.size() * 200);
            lines.forEach(text::append);
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            reportError("cannot write log lines", e, ErrorManager.WRITE_FAILURE);
        } finally {
            written.addAndGet(lines.size());
        }
    }

    /** Returns once the lines published before this call are written (or after 5 s). */
    @Override
    public void flush() {
        long target = queued.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (written.get() < target && writer.isAlive() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(POISON);
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
