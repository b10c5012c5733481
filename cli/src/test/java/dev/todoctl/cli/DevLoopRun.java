package dev.todoctl.cli;

import dev.todoctl.cli.platform.Environment;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code todoctl dev} running in-process on its own thread, as tests drive it: its output as it comes, edits of the
 * copied sources, and GETs until a change is served. Interrupting the thread is the graceful stop (as Ctrl-C).
 */
public final class DevLoopRun {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final StringWriter out = new StringWriter();
    private final AtomicInteger exit = new AtomicInteger(-1);
    private final Path sources;
    private final Thread thread;

    private DevLoopRun(Path work, Map<String, String> env, Path sources, String... args) {
        this.sources = sources;
        PrintWriter writer = new PrintWriter(out, true);
        this.thread = Thread.ofPlatform().name("todoctl-dev").start(() -> exit.set(Todoctl.commandLine(
                new Environment(env, work, work, false), writer, writer, args).execute(args)));
    }

    /** Starts {@code todoctl <args>} (e.g. {@code dev --target local}) in {@code work}, editing {@code sources}. */
    public static DevLoopRun start(Path work, Map<String, String> env, Path sources, String... args) {
        return new DevLoopRun(work, env, sources, args);
    }

    public String out() {
        return out.toString();
    }

    public int exitCode() {
        return exit.get();
    }

    public boolean alive() {
        return thread.isAlive();
    }

    /** The graceful stop, waited for. */
    public void stop(Duration limit) throws InterruptedException {
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(limit.toMillis());
        }
    }

    public long count(String text) {
        return out().lines().filter(l -> l.contains(text)).count();
    }

    public void awaitOutput(String text, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (out().contains(text)) {
                return;
            }
            if (!thread.isAlive()) {
                throw new AssertionError("todoctl ended (exit " + exit.get() + ") before '" + text + "':\n" + out());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' within " + limit + ":\n" + out());
    }

    /** Replaces {@code from} by {@code to} in a source file (relative to the copied sources), as a save. */
    public void edit(String file, String from, String to) throws IOException {
        Path path = sources.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    public static String body(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    public static boolean awaitBody(String url, String marker, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (body(url).contains(marker)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
