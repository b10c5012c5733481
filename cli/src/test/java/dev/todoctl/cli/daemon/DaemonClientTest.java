package dev.todoctl.cli.daemon;

import dev.todoctl.cli.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon as the launcher uses it: the client and the daemon in JVMs of their own (this build's classes), a
 * project directory, an environment and a cache directory of the test's. The answers are compared with the same
 * command run in a JVM of its own; the daemon's ends (idle, socket removed, rebuilt, killed, stopped) are watched on
 * the process itself. Every daemon a test started is stopped, and no process of the test outlives it.
 */
@DisplayName("daemon: client and daemon in JVMs of their own")
class DaemonClientTest {
    record Run(int exit, String out, String err) {
    }

    @TempDir
    Path tmp;
    Path project;
    Path daemons;
    Map<String, String> env;
    String classPath = System.getProperty("java.class.path");

    @BeforeEach
    void setUp() throws IOException {
        project = Files.createDirectories(tmp.resolve("p"));
        Files.writeString(project.resolve("todoctl.yaml"), "release: alpha\nstate-dir: " + tmp.resolve("state") + "\n");
        env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        env.put("XDG_CACHE_HOME", tmp.resolve("c").toString());
        env.put("NO_COLOR", "1");
        env.put("KUBECONFIG", tmp.resolve("no-kubeconfig").toString());
        env.put("DOCKER_HOST", "unix://" + tmp.resolve("no-docker.sock"));
        daemons = tmp.resolve("c/todoctl/daemon");
    }

    @AfterEach
    void tearDown() {
        Daemons.stop(daemons, Duration.ofSeconds(10));
        List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(tmp.toString())).orElse(false))
                .toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("processes the test left running").isEmpty();
    }

    Run client(Path cwd, Map<String, String> extra, String... args) {
        return java(cwd, extra, classPath, "dev.todoctl.cli.daemon.DaemonClient", args);
    }

    Run client(String... args) {
        return client(project, Map.of(), args);
    }

    Run cold(String... args) {
        return java(project, Map.of(), classPath, "dev.todoctl.cli.Todoctl", args);
    }

    Run java(Path cwd, Map<String, String> extra, String cp, String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", cp, main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().putAll(extra);
        try {
            Path out = Files.createTempFile(tmp, "out", ".txt");
            Path err = Files.createTempFile(tmp, "err", ".txt");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", cmd) + " did not end in 90 s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The first read-only command starts the daemon and runs itself; this waits until the daemon answers. */
    Daemons.Found started(Path cwd, Map<String, String> extra, String cp) {
        Run first = java(cwd, extra, cp, "dev.todoctl.cli.daemon.DaemonClient", "config", "view");
        assertThat(first).as("no daemon yet: the command runs in a JVM of its own").isEqualTo(new Run(DaemonClient.RUN_COLD, "", ""));
        await(() -> Daemons.list(daemons).stream().anyMatch(Daemons.Found::answered), Duration.ofSeconds(60), "the daemon listens");
        List<Daemons.Found> found = Daemons.list(daemons).stream().filter(Daemons.Found::answered).toList();
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    Daemons.Found started() {
        return started(project, Map.of(), classPath);
    }

    static ProcessHandle process(Daemons.Found f) {
        return ProcessHandle.of(Long.parseLong(f.facts().get("pid"))).orElseThrow();
    }

    static void await(BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static String log(Daemons.Found f) throws IOException {
        return Files.readString(Path.of(f.facts().get("log")));
    }

    @Test
    @DisplayName("answers exactly as a JVM of its own would: output, errors and exit code")
    void answersAsAJvmOfItsOwn() throws IOException {
        Daemons.Found daemon = started();
        List<List<String>> commands = List.of(
                List.of("config", "view"),
                List.of("config", "view", "-o", "json"),
                List.of("status", "--target", "local"),
                List.of("status", "--target", "local", "-o", "json"),
                List.of("history", "--target", "local", "-o", "yaml"),
                List.of("status", "--target", "nosuch"),
                List.of("config", "view", "--set", "nosuch=1"),
                List.of("status", "--bogus-flag"),
                List.of("doctor", "--help"));
        for (List<String> c : commands) {
            String[] args = c.toArray(String[]::new);
            Run viaDaemon = client(args);
            assertThat(viaDaemon.exit()).as(String.join(" ", c) + " was answered by the daemon").isNotEqualTo(DaemonClient.RUN_COLD);
            assertThat(viaDaemon).as(String.join(" ", c)).isEqualTo(cold(args));
        }
        // doctor's checks ask live things (Docker, the JDK); the same verdict both ways
        assertThat(client("doctor").exit()).isEqualTo(cold("doctor").exit());
        Daemons.Found after = Daemons.list(daemons).getFirst();
        assertThat(after.facts().get("pid")).isEqualTo(daemon.facts().get("pid"));
        assertThat(Long.parseLong(after.facts().get("requests"))).isGreaterThanOrEqualTo(commands.size() + 1);
    }

    @Test
    @DisplayName("a reader that goes away (| head -1): the rest is dropped quietly, the exit code still comes")
    void aClosedPipeEndsQuietly() throws Exception {
        started();
        for (String main : List.of("dev.todoctl.cli.daemon.DaemonClient", "dev.todoctl.cli.Todoctl")) {
            List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", classPath, main, "config", "view");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            Path err = tmp.resolve("pipe-err.txt");
            Process p = pb.redirectError(err.toFile()).start();
            p.getInputStream().close(); // the reader is gone before anything was written
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(main).isZero();
            assertThat(Files.readString(err)).as(main).isEmpty();
        }
    }

    @Test
    @DisplayName("each request brings its own working directory and environment to the one daemon")
    void eachRequestBringsItsOwnDirectoryAndEnvironment() throws IOException {
        Daemons.Found daemon = started();
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("todoctl.yaml"), "release: beta\n");
        assertThat(client("config", "view").out()).contains("alpha").doesNotContain("beta");
        assertThat(client(other, Map.of(), "config", "view").out()).contains("beta").doesNotContain("alpha");
        assertThat(client(project, Map.of("TODOCTL_RELEASE", "gamma"), "config", "view").out()).contains("gamma");
        assertThat(client(project, Map.of("TODOCTL_RELEASE", "gamma", "TODOCTL_DAEMON_IDLE", "1s"), "config", "view")
                .out()).as("the daemon's own settings came from the environment it was started with").contains("gamma");
        List<Daemons.Found> found = Daemons.list(daemons);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().facts().get("pid")).isEqualTo(daemon.facts().get("pid"));
        assertThat(found.getFirst().facts().get("idle-limit-seconds")).isEqualTo("10800");
    }

    @Test
    @DisplayName("the log names commands, never their options' values")
    void theLogHoldsNoValues() throws IOException {
        Daemons.Found daemon = started();
        Run r = client(project, Map.of("TODOCTL_JWT_SECRET", "env-s3cret-value"), "config", "view", "--set", "release=flag-s3cret-value");
        assertThat(r.exit()).isZero();
        assertThat(log(daemon)).contains("config view -> exit 0").doesNotContain("s3cret");
    }

    @Test
    @DisplayName("a daemon killed with SIGKILL leaves a socket behind; the next command replaces it")
    void aKilledDaemonIsReplaced() throws Exception {
        Daemons.Found daemon = started();
        ProcessHandle killed = process(daemon);
        killed.destroyForcibly();
        killed.onExit().get(10, TimeUnit.SECONDS);
        assertThat(daemon.socket()).exists();
        Daemons.Found again = started();
        assertThat(again.facts().get("pid")).isNotEqualTo(daemon.facts().get("pid"));
        assertThat(client("config", "view").out()).contains("alpha");
    }

    @Test
    @DisplayName("it ends after its idle time, and removes its socket")
    void endsWhenIdle() throws Exception {
        Daemons.Found daemon = started(project, Map.of("TODOCTL_DAEMON_IDLE", "2s"), classPath);
        process(daemon).onExit().get(20, TimeUnit.SECONDS);
        assertThat(daemon.socket()).doesNotExist();
        assertThat(log(daemon)).contains("stopped: idle for PT2S");
    }

    @Test
    @DisplayName("it ends when its socket is removed (its directory deleted)")
    void endsWhenItsSocketIsRemoved() throws Exception {
        Daemons.Found daemon = started();
        Files.delete(daemon.socket());
        process(daemon).onExit().get(20, TimeUnit.SECONDS);
        assertThat(log(daemon)).contains("was removed or replaced");
    }

    @Test
    @DisplayName("it ends when todoctl is rebuilt; the rebuilt todoctl gets a daemon of its own")
    void endsWhenRebuilt() throws Exception {
        Path extra = tmp.resolve("extra.jar");
        Files.writeString(extra, "one build");
        String cp = classPath + java.io.File.pathSeparator + extra;
        Daemons.Found daemon = started(project, Map.of(), cp);
        Files.writeString(extra, "another build, another size");
        process(daemon).onExit().get(30, TimeUnit.SECONDS);
        assertThat(log(daemon)).contains("todoctl was rebuilt");
        Daemons.Found next = started(project, Map.of(), cp);
        assertThat(next.socket()).isNotEqualTo(daemon.socket());
    }

    @Test
    @DisplayName("TODOCTL_DAEMON=off, or a cache path too long for a Unix socket: the command runs in a JVM of its own")
    void offAndTooLongPathsRunCold() {
        assertThat(client(project, Map.of("TODOCTL_DAEMON", "off"), "config", "view")).isEqualTo(new Run(DaemonClient.RUN_COLD, "", ""));
        assertThat(daemons).doesNotExist();
        Path deep = tmp.resolve("x".repeat(60)).resolve("y".repeat(60));
        assertThat(client(project, Map.of("XDG_CACHE_HOME", deep.toString(), "TODOCTL_DAEMON", "verbose"), "config", "view"))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(DaemonClient.RUN_COLD))
                .satisfies(r -> assertThat(r.err()).contains("longer than a Unix socket allows"));
        assertThat(deep).doesNotExist();
    }

    @Test
    @DisplayName("commands other than status, history, config view and doctor are declined")
    void otherCommandsAreDeclined() {
        started();
        for (String[] args : List.of(new String[]{"up", "--help"}, new String[]{"config"}, new String[]{"down"},
                new String[]{"--version"})) {
            assertThat(client(args)).as(String.join(" ", args)).isEqualTo(new Run(DaemonClient.RUN_COLD, "", ""));
        }
    }

    @Test
    @DisplayName("todoctl daemon status and stop; a bad TODOCTL_DAEMON_IDLE is said in the log and ignored")
    void statusAndStop() throws Exception {
        Daemons.Found daemon = started(project, Map.of("TODOCTL_DAEMON_IDLE", "soon"), classPath);
        ProcessHandle process = process(daemon);
        assertThat(log(daemon)).contains("TODOCTL_DAEMON_IDLE=soon is not a positive duration")
                .as("it ran the read-only commands once before listening").contains("warmed up in");
        Map<String, String> cli = new HashMap<>(env);
        CliRun status = CliRun.in(project, cli, "daemon", "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains(daemon.facts().get("pid")).contains("of 10800s");
        assertThat(CliRun.in(project, cli, "daemon", "status", "-o", "json").out()).contains("\"running\" : true");
        CliRun stop = CliRun.in(project, cli, "daemon", "stop");
        assertThat(stop.out()).contains("stopped 1 daemon (pid " + daemon.facts().get("pid") + ")");
        assertThat(process.isAlive()).isFalse();
        assertThat(daemon.socket()).doesNotExist();
        assertThat(CliRun.in(project, cli, "daemon", "status").out()).contains("no daemon running");
        assertThat(CliRun.in(project, cli, "daemon", "stop").out()).contains("no daemon was running");
    }
}
