package dev.todoctl.cli.targets.local;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code cat} and {@code tail -f} over the log files a target wrote, prefixing lines when there are several. */
final class LogFollower {
    private final List<Path> files;
    private final boolean prefix;

    LogFollower(List<Path> files, boolean prefix) {
        this.files = files;
        this.prefix = prefix;
    }

    void copy(boolean follow, PrintWriter out) {
        if (files.stream().noneMatch(Files::isRegularFile)) {
            throw new TodoctlException(Phase.USAGE, "no logs yet (" + String.join(", ", files.stream().map(Path::toString).toList()) + ")",
                    List.of("run `todoctl up` first"));
        }
        long[] offsets = new long[files.size()];
        do {
            boolean any = false;
            for (int i = 0; i < files.size(); i++) {
                long before = offsets[i];
                offsets[i] = drain(files.get(i), offsets[i], out);
                any |= offsets[i] != before;
            }
            out.flush();
            if (follow && !any) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } while (follow && !Thread.currentThread().isInterrupted() && !out.checkError());
    }

    private long drain(Path file, long offset, PrintWriter out) {
        if (!Files.isRegularFile(file)) {
            return offset;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length < offset) {
                offset = 0;
            }
            raf.seek(offset);
            byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int lastNewline = text.lastIndexOf('\n');
            if (lastNewline < 0) {
                return offset;
            }
            String name = file.getFileName().toString().replace(".log", "");
            for (String line : text.substring(0, lastNewline).split("\n", -1)) {
                out.println(prefix ? name + " | " + line : line);
            }
            return offset + text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            return offset;
        }
    }

    /**
     * {@code tail -F} from the file's current end: each complete line to {@code line}, until interrupted; a file
     * that shrinks (a purge) is read again from its start.
     */
    static void tail(Path file, java.util.function.Consumer<String> line) throws InterruptedException {
        long offset = Files.isRegularFile(file) ? file.toFile().length() : 0;
        java.io.StringWriter buffer = new java.io.StringWriter();
        PrintWriter out = new PrintWriter(buffer);
        while (!Thread.currentThread().isInterrupted()) {
            long next = new LogFollower(List.of(file), false).drain(file, offset, out);
            if (next != offset) {
                out.flush();
                buffer.toString().lines().forEach(line);
                buffer.getBuffer().setLength(0);
                offset = next;
            } else {
                Thread.sleep(100);
            }
        }
        throw new InterruptedException();
    }
}
