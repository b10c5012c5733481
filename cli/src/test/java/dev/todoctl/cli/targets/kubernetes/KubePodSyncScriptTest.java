package dev.todoctl.cli.targets.kubernetes;

import com.sun.net.httpserver.HttpServer;
import dev.todoctl.chart.Supervised;
import dev.todoctl.cli.targets.LiveReload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The script {@code todoctl dev} runs in each pod through the exec API, run for real by bash on this machine against
 * the chart's own supervisor and a stand-in for the JVM (a bash loop that is "ready" while a file exists, which a
 * small HTTP server here answers for): the tar replaces the previous copy, SIGHUP gives a new JVM that is waited
 * for, a JVM that ignores SIGTERM is killed after the grace period, a JVM that never gets ready fails the reload
 * with exit 3, and an asset-only copy restarts nothing. In a pod the same script runs with /app, PID 1 and
 * /tmp/todoctl-dev.pid.
 */
class KubePodSyncScriptTest {
    @TempDir
    Path tmp;
    private Path app;
    private Path readyFile;
    private HttpServer server;
    private final AtomicBoolean answerReady = new AtomicBoolean(true);
    private Supervised supervised;

    @BeforeEach
    void start() throws IOException {
        app = tmp.resolve("app");
        Files.createDirectories(app.resolve(KubePodSync.DEV_CLASSES));
        Files.createDirectories(app.resolve(KubePodSync.DEV_WEB));
        readyFile = tmp.resolve("ready");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/ready", exchange -> {
            int code = answerReady.get() && Files.exists(readyFile) ? 200 : 503;
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        if (supervised != null) {
            supervised.close();
        }
    }

    /** The chart's supervisor running a stand-in JVM that is ready while it runs; TERM handled unless told not to. */
    private void supervise(boolean ignoreTerm) throws Exception {
        String jvm = "echo \"started $$\"; touch '" + readyFile + "'; "
                + (ignoreTerm ? "trap '' TERM; " : "trap 'rm -f \"" + readyFile + "\"; exit 0' TERM; ")
                + "while :; do sleep 0.05; done";
        supervised = Supervised.start(jvm, tmp.resolve("pid"));
        supervised.awaitStarts(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Files.exists(tmp.resolve("pid")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private record Run(int exit, String output, Duration took) {
    }

    private Run run(byte[] tar, boolean classes, boolean web, boolean restart, Duration grace, Duration ready) throws Exception {
        KubePodSync.Places at = new KubePodSync.Places(app.toString(), Long.toString(supervised.process().pid()), tmp.resolve("pid").toString());
        String script = KubePodSync.script(at, tar.length, classes, web, restart, server.getAddress().getPort(),
                "/health/ready", grace, ready);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(tar);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - t0));
    }

    private LiveReload.Session session() throws IOException {
        Path overlay = tmp.resolve("overlay");
        Path assets = tmp.resolve("assets");
        Files.createDirectories(overlay.resolve("dev/todoctl/app"));
        Files.writeString(overlay.resolve("dev/todoctl/app/Changed.class"), "new class bytes");
        Files.createDirectories(assets.resolve("img"));
        Files.writeString(assets.resolve("app.css"), "/* saved */");
        Files.writeString(assets.resolve("img/logo.svg"), "<svg/>");
        return new LiveReload.Session(assets, overlay);
    }

    @Test
    @DisplayName("classes and assets replace the previous copy; SIGHUP gives a new JVM, waited for until it is ready")
    void copyAndRestart() throws Exception {
        supervise(false);
        Files.writeString(app.resolve(KubePodSync.DEV_CLASSES).resolve("Stale.class"), "from an earlier copy");
        long first = supervised.awaitStarts(1);
        Run run = run(KubePodSync.archive(session(), true, true), true, true, true, Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(Files.readString(app.resolve(KubePodSync.DEV_CLASSES).resolve("dev/todoctl/app/Changed.class"))).isEqualTo("new class bytes");
        assertThat(Files.readString(app.resolve(KubePodSync.DEV_WEB).resolve("img/logo.svg"))).isEqualTo("<svg/>");
        assertThat(app.resolve(KubePodSync.DEV_CLASSES).resolve("Stale.class")).doesNotExist();
        long second = supervised.awaitStarts(2);
        assertThat(second).isNotEqualTo(first);
        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).as("old JVM gone").isFalse();
        assertThat(Files.exists(readyFile)).as("the script returned once the new one was ready").isTrue();
    }

    @Test
    @DisplayName("a JVM that ignores SIGTERM is killed after the grace period, and the new one still starts")
    void graceThenKill() throws Exception {
        supervise(true);
        long first = supervised.awaitStarts(1);
        Run run = run(KubePodSync.archive(session(), true, false), true, false, true, Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.took()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(supervised.awaitStarts(2)).isNotEqualTo(first);
        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    @DisplayName("a new JVM that never answers ready fails the reload with exit 3 and says why")
    void neverReady() throws Exception {
        supervise(false);
        answerReady.set(false);
        Run run = run(KubePodSync.archive(session(), true, false), true, false, true, Duration.ofSeconds(5), Duration.ofSeconds(1));
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.output()).contains("not ready within 1 s after the restart");
    }

    @Test
    @DisplayName("an asset-only copy replaces web's files and restarts nothing")
    void assetsOnly() throws Exception {
        supervise(false);
        Files.writeString(app.resolve(KubePodSync.DEV_WEB).resolve("old.css"), "deleted since");
        Run run = run(KubePodSync.archive(session(), false, true), false, true, false, Duration.ZERO, Duration.ofSeconds(1));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(Files.readString(app.resolve(KubePodSync.DEV_WEB).resolve("app.css"))).isEqualTo("/* saved */");
        assertThat(app.resolve(KubePodSync.DEV_WEB).resolve("old.css")).doesNotExist();
        assertThat(app.resolve(KubePodSync.DEV_CLASSES).resolve("dev")).doesNotExist();
        Thread.sleep(300);
        assertThat(supervised.lines().stream().filter(l -> l.startsWith("started "))).hasSize(1);
    }
}
