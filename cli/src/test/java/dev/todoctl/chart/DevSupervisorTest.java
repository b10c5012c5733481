package dev.todoctl.chart;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's dev supervisor (the bash that is PID 1 of a {@code todoctl dev} pod), taken from the rendered chart
 * and run for real by bash here, with a stand-in for the JVM that prints its pid and stops on SIGTERM: SIGHUP
 * starts a new one after the old has stopped, a crash is followed by a new start, SIGTERM stops both and exits 0.
 */
class DevSupervisorTest {
    /** The JVM's stand-in: says it started, stops on TERM. */
    private static final String APP = "echo \"started $$\"; trap 'echo \"stopping $$\"; exit 0' TERM; while :; do sleep 0.05; done";

    @TempDir
    Path tmp;
    private Supervised supervised;

    @AfterEach
    void kill() {
        if (supervised != null) {
            supervised.close();
        }
    }

    @Test
    @DisplayName("SIGHUP restarts the app after it stopped, a crash restarts it, SIGTERM stops both with exit 0")
    void superviseRestartAndStop() throws Exception {
        Path pidFile = tmp.resolve("dev.pid");
        supervised = Supervised.start(APP, pidFile);
        Process supervisor = supervised.process();
        List<String> lines = supervised.lines();
        long first = supervised.awaitStarts(1);
        awaitPidFile(pidFile, first);

        signal("HUP", supervisor.pid());
        long second = supervised.awaitStarts(2);
        assertThat(second).isNotEqualTo(first);
        assertThat(lines).contains("stopping " + first);
        assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        awaitPidFile(pidFile, second);

        signal("KILL", second); // the app crashes: started again after a pause, and said so
        long third = supervised.awaitStarts(3);
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("the app exited; starting it again"));

        signal("TERM", supervisor.pid());
        assertThat(supervisor.waitFor(10, TimeUnit.SECONDS)).as(String.join("\n", lines)).isTrue();
        assertThat(supervisor.exitValue()).isZero();
        assertThat(lines).contains("stopping " + third);
        assertThat(ProcessHandle.of(third).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    /** The supervisor writes the new JVM's pid right after starting it: what todoctl's exec waits on. */
    private static void awaitPidFile(Path file, long pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = Files.exists(file) ? Files.readString(file).trim() : "";
            if (last.equals(Long.toString(pid))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("pid file " + file + " holds '" + last + "', not " + pid);
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor()).isZero();
    }
}
