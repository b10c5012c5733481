package dev.todoctl.cli.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher's fast path for the read-only commands: a small JVM (JDK classes only, ~0.1 s to start) that hands
 * the command line to a running todoctl daemon and relays its answer — standard output, standard error and the exit
 * code — as if the command had run here. The first such command starts the daemon (in a session of its own, so the
 * terminal's Ctrl-C and hang-up do not reach it) and runs in a JVM of its own meanwhile; the daemon ends after an
 * idle time, like Gradle's and mvnd's daemons.
 *
 * <p>Whenever the daemon cannot give the answer before anything was printed — no daemon and none could start, a
 * socket path too long, the daemon declines the command, it dies — this exits with {@link #RUN_COLD} and the
 * launcher runs the command in a JVM of its own, as it does for every other command. {@code TODOCTL_DAEMON=off}
 * skips the daemon altogether; {@code TODOCTL_DAEMON=verbose} says on standard error why it was not used.
 */
public final class DaemonClient {
    /** "Run it yourself": EX_TEMPFAIL, a code no todoctl command exits with. */
    public static final int RUN_COLD = 75;
    /** The daemon's entry point (in the root package, which nothing may import). */
    static final String DAEMON_MAIN = "dev.todoctl.cli.TodoctlDaemon";
    /** How long a daemon may take to listen before another client starts one again (a cold JVM on a busy 2-core machine: ~3 s). */
    static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final Map<String, String> env;
    private final boolean verbose;
    private boolean printed;

    private DaemonClient(Map<String, String> env) {
        this.env = env;
        this.verbose = "verbose".equals(env.get("TODOCTL_DAEMON"));
    }

    public static void main(String[] args) {
        dev.todoctl.cli.platform.SelectorProviderName.set(); // else the first socket channel opens all 114 jars
        DaemonClient client = new DaemonClient(System.getenv());
        int code;
        try {
            code = client.run(args);
        } catch (Throwable t) {
            code = client.fallBack("the daemon failed: " + t);
        }
        // halt, not exit: there is no shutdown hook to run, and Runtime.exit's logging looks for a logger service in
        // every jar of todoctl's class path (~90 ms here). Both output streams are unbuffered, nothing is left unwritten.
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    private int run(String[] args) throws IOException {
        String mode = env.getOrDefault("TODOCTL_DAEMON", "on");
        if (List.of("off", "false", "0", "no").contains(mode)) {
            return RUN_COLD;
        }
        if (!List.of("on", "true", "1", "yes", "verbose", "").contains(mode)) {
            System.err.println("todoctl: TODOCTL_DAEMON=" + mode + " is not one of on, off, verbose: taken as on");
        }
        String home = System.getProperty("user.home");
        String classPath = System.getProperty("java.class.path");
        DaemonPlace place = DaemonPlace.of(env, home, System.getProperty("java.home"), classPath);
        if (!place.usable()) {
            return fallBack("the socket path would be longer than a Unix socket allows: " + place.socket());
        }
        Optional<SocketChannel> channel = connect(place.socket());
        if (channel.isEmpty()) {
            channel = start(place, classPath);
        }
        if (channel.isEmpty()) {
            return RUN_COLD;
        }
        try (SocketChannel c = channel.get()) {
            var request = new DaemonProtocol.Request(DaemonProtocol.RUN, Arrays.asList(args),
                    Path.of("").toAbsolutePath().toString(), home, dev.todoctl.cli.platform.Environment.isTerminal(), outputEncoding(), env);
            request.write(new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(c))));
            return relay(new DataInputStream(new BufferedInputStream(Channels.newInputStream(c))));
        }
    }

    /** Copies the daemon's frames to this process's standard output and error until the exit code comes. */
    private int relay(DataInputStream in) throws IOException {
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        while (true) {
            int type;
            byte[] payload;
            try {
                type = in.read();
                payload = type < 0 ? null : DaemonProtocol.payload(in);
            } catch (IOException e) {
                type = -1;
                payload = null;
            }
            if (type < 0) {
                if (!printed) {
                    return fallBack("the daemon closed the connection without an answer");
                }
                err.write("\ntodoctl: the daemon ended before the command did (TODOCTL_DAEMON=off runs commands without it)\n"
                        .getBytes(StandardCharsets.UTF_8));
                return 1;
            }
            switch (type) {
                case DaemonProtocol.OUT -> {
                    printed = true;
                    out = write(out, payload);
                }
                case DaemonProtocol.ERR -> {
                    printed = true;
                    err = write(err, payload);
                }
                case DaemonProtocol.EXIT -> {
                    int code = ByteBuffer.wrap(payload).getInt();
                    return code == RUN_COLD ? 1 : code;
                }
                case DaemonProtocol.DECLINE -> {
                    return fallBack("the daemon declined: " + new String(payload, StandardCharsets.UTF_8));
                }
                default -> throw new IOException("unknown frame type " + type);
            }
        }
    }

    /**
     * Writes to one of this process's streams; once the reader is gone ({@code todoctl status | head -1}) the rest is
     * discarded and the exit code still comes, as a JVM of the command's own does (PrintWriter drops write errors).
     */
    private static OutputStream write(OutputStream stream, byte[] data) {
        try {
            stream.write(data);
            return stream;
        } catch (IOException e) {
            return OutputStream.nullOutputStream();
        }
    }

    /**
     * Starts the daemon for the commands that follow, without waiting for it: this command runs in a JVM of its own
     * meanwhile (on two cores that is ~1 s, where waiting for a fresh daemon and its first, unwarmed answer took
     * ~2 s). A lock next to the socket lets one client start it; clients that come while it is starting run their
     * command themselves too. A socket file left by a daemon that was killed is removed.
     */
    private Optional<SocketChannel> start(DaemonPlace place, String classPath) throws IOException {
        place.create();
        try (FileChannel lockFile = FileChannel.open(place.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            Optional<SocketChannel> running = connect(place.socket());
            if (running.isPresent()) {
                return running;
            }
            Optional<ProcessHandle> starting = starting(place);
            if (starting.isPresent()) {
                fallBack("the daemon (pid " + starting.get().pid() + ") is starting");
                return Optional.empty();
            }
            Files.deleteIfExists(place.socket());
            Process daemon = new ProcessBuilder(command(place, classPath)).directory(place.dir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(place.log().toFile()))
                    .redirectErrorStream(true).start();
            Files.writeString(place.starting(), daemon.pid() + " " + System.currentTimeMillis());
            fallBack("started the daemon (pid " + daemon.pid() + ") for the commands that follow");
            return Optional.empty();
        }
    }

    /** The daemon another client started less than {@link #START_LIMIT} ago, while it is alive. */
    static Optional<ProcessHandle> starting(DaemonPlace place) {
        try {
            String[] parts = Files.readString(place.starting()).trim().split(" ");
            long since = System.currentTimeMillis() - Long.parseLong(parts[1]);
            if (since > START_LIMIT.toMillis()) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(parts[0])).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The daemon's command line: this JVM's java and class path, the launcher's collector, and install.sh's AOT cache
     * while it is newer than the jar (as the launcher decides). {@code setsid} puts it in a session of its own.
     */
    List<String> command(DaemonPlace place, String classPath) {
        List<String> cmd = new ArrayList<>();
        Optional<Path> setsid = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid")).stream()
                .filter(Files::isExecutable).findFirst();
        setsid.ifPresent(p -> cmd.add(p.toString()));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // all compilers, not the launcher's C1 only: that is for a JVM that lives a moment, the daemon lives for hours
        cmd.addAll(List.of("-XX:+UseSerialGC", "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
                "-Xlog:aot=off", "-Xlog:cds=off"));
        Path aot = place.dir().getParent().resolve("todoctl.aot");
        Path jar = Path.of(classPath);
        try {
            if (!classPath.contains(File.pathSeparator) && Files.isRegularFile(aot)
                    && Files.getLastModifiedTime(aot).compareTo(Files.getLastModifiedTime(jar)) > 0) {
                cmd.add("-XX:AOTCache=" + aot);
            }
        } catch (IOException e) {
            // no cache: the daemon starts a little slower, once
        }
        cmd.addAll(List.of("-cp", classPath, DAEMON_MAIN, place.dir().toString(), place.key()));
        return cmd;
    }

    static Optional<SocketChannel> connect(Path socket) {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                return Optional.of(channel);
            } catch (IOException e) {
                channel.close();
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private int fallBack(String why) {
        if (printed) {
            System.err.println("todoctl: " + why);
            return 1;
        }
        if (verbose) {
            System.err.println("todoctl: not using the daemon: " + why);
        }
        return RUN_COLD;
    }

    /** The encoding System.out would have used in a JVM of the command's own. */
    private static String outputEncoding() {
        String encoding = System.getProperty("stdout.encoding");
        return encoding != null && Charset.isSupported(encoding) ? encoding : Charset.defaultCharset().name();
    }
}
