package dev.todoctl.cli.daemon;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon's server in this JVM, with a handler that stands for todoctl's commands (echo, wait, fail), spoken to
 * through the real protocol on a real Unix socket: streams and exit codes arrive as written, requests run side by
 * side, a client that goes away interrupts its command, a command that fails before printing is declined (the
 * client then runs it itself), and no bytes a peer sends stop the server.
 */
class DaemonServerTest {
    /** What one conversation brought back. */
    record Answer(String out, String err, Integer exit, String declined) {
    }

    static Path dir;
    static DaemonPlace place;
    static Thread serving;
    static final AtomicBoolean interrupted = new AtomicBoolean();
    static volatile CountDownLatch waiting = new CountDownLatch(1);
    static volatile CountDownLatch holding = new CountDownLatch(1);

    static final DaemonServer.Handler HANDLER = new DaemonServer.Handler() {
        @Override
        public boolean serves(List<String> args) {
            return !args.isEmpty() && !args.getFirst().equals("decline");
        }

        @Override
        public int run(DaemonProtocol.Request request, PrintWriter out, PrintWriter err) throws Exception {
            List<String> a = request.args();
            switch (a.getFirst()) {
                case "echo" -> {
                    out.print(a.get(1));
                    err.print(a.get(2));
                    out.print(request.env().getOrDefault("GREETING", "") + request.cwd());
                    return Integer.parseInt(a.get(3));
                }
                case "wait" -> {
                    waiting.countDown();
                    try {
                        Thread.sleep(Duration.ofSeconds(60));
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                    return 0;
                }
                case "hold" -> {
                    waiting.countDown();
                    holding.await(30, TimeUnit.SECONDS);
                    out.print("held");
                    return 3;
                }
                case "boom" -> throw new IllegalStateException("broken before any output");
                case "boom-late" -> {
                    out.println("partial");
                    out.flush();
                    throw new IllegalStateException("broken after output");
                }
                default -> {
                    return 99;
                }
            }
        }
    };

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("dsrv");
        place = new DaemonPlace(dir.resolve("d"), "test");
        serving = Thread.ofPlatform().start(() -> {
            try {
                new DaemonServer(place, HANDLER, Duration.ofMinutes(5)).serve();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        for (int i = 0; i < 200 && !Files.exists(place.socket()); i++) {
            Thread.sleep(10);
        }
    }

    @AfterContainer
    static void stop() throws Exception {
        Daemons.ask(place.socket(), DaemonProtocol.STOP);
        serving.join(10_000);
        assertThat(serving.isAlive()).as("the server ended on a stop request").isFalse();
        assertThat(place.socket()).as("and removed its socket").doesNotExist();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static Answer talk(List<String> args, Map<String, String> env) throws IOException {
        try (SocketChannel c = DaemonClient.connect(place.socket()).orElseThrow()) {
            new DaemonProtocol.Request(DaemonProtocol.RUN, args, "/some/dir", "/home/x", false, "UTF-8", env)
                    .write(new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(c))));
            return read(new DataInputStream(new BufferedInputStream(Channels.newInputStream(c))));
        }
    }

    static Answer read(DataInputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        while (true) {
            int type = in.read();
            if (type < 0) {
                return new Answer(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), null, null);
            }
            byte[] p = DaemonProtocol.payload(in);
            switch (type) {
                case DaemonProtocol.OUT -> out.write(p);
                case DaemonProtocol.ERR -> err.write(p);
                case DaemonProtocol.EXIT -> {
                    return new Answer(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                            ByteBuffer.wrap(p).getInt(), null);
                }
                case DaemonProtocol.DECLINE -> {
                    return new Answer(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), null,
                            new String(p, StandardCharsets.UTF_8));
                }
                default -> throw new AssertionError("frame type " + type);
            }
        }
    }

    @Property(tries = 25)
    void streamsAndExitCodeArriveAsWritten(@ForAll @Size(max = 300) String out, @ForAll @Size(max = 300) String err,
                                           @ForAll("codes") int code) throws IOException {
        Answer a = talk(List.of("echo", out, err, Integer.toString(code)), Map.of("GREETING", "hi "));
        assertThat(a.out()).isEqualTo(out + "hi /some/dir");
        assertThat(a.err()).isEqualTo(err);
        assertThat(a.exit()).isEqualTo(code);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> codes() {
        return net.jqwik.api.Arbitraries.of(0, 1, 2, 10, 30, 40, 80);
    }

    @net.jqwik.api.Example
    void commandsItDoesNotServeAreDeclined() throws IOException {
        Answer a = talk(List.of("decline"), Map.of());
        assertThat(a.declined()).contains("not a command the daemon runs");
        assertThat(a.out()).isEmpty();
        assertThat(a.exit()).isNull();
    }

    @net.jqwik.api.Example
    void aFailureBeforeAnyOutputIsDeclinedSoTheClientRunsItItself() throws IOException {
        Answer a = talk(List.of("boom"), Map.of());
        assertThat(a.declined()).contains("broken before any output");
        assertThat(a.out() + a.err()).isEmpty();
    }

    @net.jqwik.api.Example
    void aFailureAfterOutputEndsWithExit1AndSaysSo() throws IOException {
        Answer a = talk(List.of("boom-late"), Map.of());
        assertThat(a.out()).isEqualTo("partial\n");
        assertThat(a.err()).contains("internal error in the daemon").contains("broken after output");
        assertThat(a.exit()).isEqualTo(1);
    }

    @net.jqwik.api.Example
    void aClientThatGoesAwayInterruptsItsCommand() throws Exception {
        interrupted.set(false);
        waiting = new CountDownLatch(1);
        SocketChannel c = DaemonClient.connect(place.socket()).orElseThrow();
        new DaemonProtocol.Request(DaemonProtocol.RUN, List.of("wait"), "/", "/", false, "UTF-8", Map.of())
                .write(new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(c))));
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        c.close(); // Ctrl-C on the client
        for (int i = 0; i < 100 && !interrupted.get(); i++) {
            Thread.sleep(50);
        }
        assertThat(interrupted).as("the command was interrupted").isTrue();
    }

    @net.jqwik.api.Example
    void requestsRunSideBySide() throws Exception {
        waiting = new CountDownLatch(1);
        holding = new CountDownLatch(1);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<Answer> held = pool.submit(() -> talk(List.of("hold"), Map.of()));
            assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
            // while one command waits, others are answered
            List<Future<Answer>> others = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String n = Integer.toString(i);
                others.add(pool.submit(() -> talk(List.of("echo", n, "", "0"), Map.of())));
            }
            for (int i = 0; i < others.size(); i++) {
                assertThat(others.get(i).get(10, TimeUnit.SECONDS).out()).startsWith(Integer.toString(i));
            }
            assertThat(held.isDone()).isFalse();
            holding.countDown();
            assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(new Answer("held", "", 3, null));
        } finally {
            holding.countDown();
            pool.shutdownNow();
        }
    }

    @net.jqwik.api.Example
    void statusSaysWhoItIs() {
        String text = Daemons.ask(place.socket(), DaemonProtocol.STATUS).orElseThrow();
        assertThat(text).contains("pid " + ProcessHandle.current().pid()).contains("requests ").contains("log ");
    }

    /** Whatever a peer sends — garbage, a cut-off request, a huge length — the server goes on answering others. */
    @Property(tries = 40)
    void noBytesStopTheServer(@ForAll @Size(max = 200) byte[] garbage, @ForAll boolean validHeader) throws IOException {
        try (SocketChannel c = DaemonClient.connect(place.socket()).orElseThrow()) {
            ByteBuffer b = ByteBuffer.allocate(garbage.length + 5);
            if (validHeader) {
                b.putInt(DaemonProtocol.VERSION).put(DaemonProtocol.RUN);
            }
            b.put(garbage).flip();
            c.write(b);
            c.shutdownOutput();
            Answer a = read(new DataInputStream(Channels.newInputStream(c)));
            // bytes that happen to spell a request are run as one (the handler answers 99 to unknown words)
            assertThat(a.exit()).as("nothing but a well-formed request is run").isIn(null, 99);
        } catch (IOException e) {
            // the server may close first: fine
        }
        assertThat(talk(List.of("echo", "still", "", "0"), Map.of()).out()).startsWith("still");
    }
}
