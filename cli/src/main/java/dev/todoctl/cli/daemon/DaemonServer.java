package dev.todoctl.cli.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon: listens on its {@link DaemonPlace} socket and runs each request's command line with the request's
 * environment, working directory and terminal, on a thread of its own, streaming the command's output back as it
 * is written. It ends — removing its socket — after {@code idle} without a request, on {@code todoctl daemon stop},
 * when its socket file is removed or replaced (its directory was deleted, another daemon took the place), and when
 * its build changed on disk (install.sh ran again). A client that goes away (Ctrl-C) interrupts its command.
 *
 * <p>Only its own user can reach it: the socket's directory is private to the user, and each peer's credentials are
 * checked against the directory's owner where the JDK can read them ({@code SO_PEERCRED}).
 */
public final class DaemonServer {
    /** Runs one command line; what {@code todoctl} would have exited with. */
    public interface Handler {
        /** Whether this command line is one the daemon serves; the others the client runs itself. */
        boolean serves(List<String> args);

        int run(DaemonProtocol.Request request, PrintWriter out, PrintWriter err) throws Exception;
    }

    private static final Duration CHECK_EVERY = Duration.ofSeconds(2);

    private final DaemonPlace place;
    private final Handler handler;
    private final Duration idle;
    private final Instant started = Instant.now();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private volatile long lastRequest = System.nanoTime();
    private volatile String stopReason;
    private ServerSocketChannel server;
    private Object socketKey;

    public DaemonServer(DaemonPlace place, Handler handler, Duration idle) {
        this.place = place;
        this.handler = handler;
        this.idle = idle;
    }

    /** Binds, serves until one of the ends in the class comment, removes its socket; returns why it ended. */
    public String serve() throws IOException {
        place.create();
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(place.socket()));
        socketKey = DaemonPlace.fileKey(place.socket()).orElse(null);
        Files.deleteIfExists(place.starting());
        sweep();
        log("listening on " + place.socket() + " (pid " + ProcessHandle.current().pid() + ", idle limit " + idle + ")");
        Thread.ofPlatform().daemon().name("daemon-watch").start(this::watch);
        try {
            while (true) {
                SocketChannel client = server.accept();
                Thread.ofPlatform().daemon().name("daemon-request").start(() -> converse(client));
            }
        } catch (ClosedChannelException e) {
            // stop(): the watch thread or a stop request closed the server socket
        } finally {
            if (socketKey != null && socketKey.equals(DaemonPlace.fileKey(place.socket()).orElse(null))) {
                Files.deleteIfExists(place.socket());
            }
        }
        // a command still running (stop request during a request) gets a moment to finish its answer
        for (int i = 0; i < 100 && active.get() > 0; i++) {
            sleep(Duration.ofMillis(50));
        }
        log("stopped: " + stopReason);
        return stopReason;
    }

    /** The logs and locks of daemons long gone (one per build of todoctl that ever ran one), after a day. */
    private void sweep() {
        long dayAgo = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        try (var files = Files.list(place.dir())) {
            files.filter(f -> f.getFileName().toString().matches("[0-9a-f]{16}\\.(log|lock|starting)")).forEach(f -> {
                String key = f.getFileName().toString().substring(0, 16);
                try {
                    if (!key.equals(place.key()) && !Files.exists(place.dir().resolve(key + ".sock"))
                            && Files.getLastModifiedTime(f).toMillis() < dayAgo) {
                        Files.delete(f);
                    }
                } catch (IOException e) {
                    // another daemon swept it, or it is in use: the next start tries again
                }
            });
        } catch (IOException e) {
            log("could not sweep " + place.dir() + ": " + e);
        }
    }

    private void stop(String why) {
        if (stopReason == null) {
            stopReason = why;
        }
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void watch() {
        long buildChecked = System.nanoTime();
        while (stopReason == null) {
            sleep(CHECK_EVERY);
            if (!Objects.equals(socketKey, DaemonPlace.fileKey(place.socket()).orElse(null))) {
                socketKey = null; // not ours any more: leave it alone
                stop("the socket " + place.socket() + " was removed or replaced");
            } else if (active.get() == 0 && System.nanoTime() - lastRequest > idle.toNanos()) {
                stop("idle for " + idle);
            } else if (active.get() == 0 && System.nanoTime() - buildChecked > Duration.ofSeconds(10).toNanos()) {
                buildChecked = System.nanoTime();
                String now = DaemonPlace.key(System.getenv(), System.getProperty("java.home"),
                        System.getProperty("java.class.path"));
                if (!now.equals(place.key())) {
                    stop("todoctl was rebuilt or its JDK changed");
                }
            }
        }
    }

    private void converse(SocketChannel channel) {
        try (channel) {
            if (!samePeer(channel)) {
                log("refused a connection from another user");
                return;
            }
            var in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            var out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
            DaemonProtocol.Request request = DaemonProtocol.Request.read(in);
            switch (request.kind()) {
                case DaemonProtocol.STATUS -> {
                    byte[] text = status().getBytes(StandardCharsets.UTF_8);
                    DaemonProtocol.frame(out, DaemonProtocol.OUT, text, 0, text.length);
                    DaemonProtocol.exit(out, 0);
                }
                case DaemonProtocol.STOP -> {
                    DaemonProtocol.exit(out, 0);
                    stop("asked to stop");
                }
                case DaemonProtocol.RUN -> run(request, in, out);
                default -> DaemonProtocol.decline(out, "unknown request " + request.kind());
            }
        } catch (IOException | RuntimeException e) {
            log("a conversation failed: " + e);
        }
    }

    private void run(DaemonProtocol.Request request, DataInputStream in, DataOutputStream out) throws IOException {
        if (stopReason != null || !handler.serves(request.args())) {
            DaemonProtocol.decline(out, stopReason != null ? "stopping" : "not a command the daemon runs");
            return;
        }
        active.incrementAndGet();
        long start = System.nanoTime();
        Thread worker = Thread.currentThread();
        var finished = new java.util.concurrent.atomic.AtomicBoolean();
        // the client sends nothing more: end of stream means it went away (Ctrl-C), so the command is interrupted
        Thread.ofVirtual().start(() -> {
            try {
                if (in.read() < 0 && !finished.get()) {
                    worker.interrupt();
                }
            } catch (IOException e) {
                if (!finished.get()) {
                    worker.interrupt();
                }
            }
        });
        Charset charset = Charset.isSupported(request.encoding()) ? Charset.forName(request.encoding()) : StandardCharsets.UTF_8;
        Frames outFrames = new Frames(out, DaemonProtocol.OUT);
        Frames errFrames = new Frames(out, DaemonProtocol.ERR);
        PrintWriter stdout = new PrintWriter(new OutputStreamWriter(outFrames, charset), true);
        PrintWriter stderr = new PrintWriter(new OutputStreamWriter(errFrames, charset), true);
        int code;
        try {
            code = handler.run(request, stdout, stderr);
            stdout.flush();
            stderr.flush();
        } catch (Throwable t) {
            stdout.flush();
            stderr.flush();
            log("a command failed in the daemon: " + t);
            if (!outFrames.used && !errFrames.used) {
                DaemonProtocol.decline(out, "failed in the daemon: " + t);
                return;
            }
            stderr.println("todoctl: internal error in the daemon: " + t + " (its log: " + place.log() + ")");
            stderr.flush();
            code = 1;
        } finally {
            finished.set(true);
            Thread.interrupted();
            served.incrementAndGet();
            lastRequest = System.nanoTime();
            active.decrementAndGet();
        }
        // logged before the client hears the exit code: once it has, the line is there (a test reads it then)
        log(words(request.args()) + " -> exit " + code + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        DaemonProtocol.exit(out, code);
    }

    /** The command's words, not its options or values (those may hold anything, secrets too). */
    static String words(List<String> args) {
        return String.join(" ", args.stream().takeWhile(a -> !a.startsWith("-")).limit(2).toList());
    }

    private String status() {
        long idleFor = (System.nanoTime() - lastRequest) / 1_000_000_000L;
        Runtime rt = Runtime.getRuntime();
        return "pid " + ProcessHandle.current().pid() + "\n"
                + "started " + started.truncatedTo(ChronoUnit.SECONDS) + "\n"
                + "requests " + served.get() + "\n"
                + "active " + active.get() + "\n"
                + "idle-seconds " + idleFor + "\n"
                + "idle-limit-seconds " + idle.toSeconds() + "\n"
                + "heap-used-mb " + (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024) + "\n"
                + "java " + System.getProperty("java.home") + "\n"
                + "log " + place.log() + "\n";
    }

    /** Same user as the directory's owner, where the platform says who the peer is; the directory is 0700 anyway. */
    private boolean samePeer(SocketChannel channel) {
        try {
            var peer = channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return peer.user().getName().equals(Files.getOwner(place.dir()).getName());
        } catch (UnsupportedOperationException | IOException e) {
            return true;
        }
    }

    private static void log(String line) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One stream of the command's output (stdout or stderr), each write one frame on the shared connection. */
    private static final class Frames extends OutputStream {
        private final DataOutputStream out;
        private final byte type;
        volatile boolean used;
        private boolean broken;

        Frames(DataOutputStream out, byte type) {
            this.out = out;
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0 || broken) {
                return;
            }
            used = true;
            synchronized (out) {
                try {
                    DaemonProtocol.frame(out, type, b, off, len);
                } catch (IOException e) {
                    broken = true; // the client went away; the command is interrupted, its output has nowhere to go
                }
            }
        }
    }
}
