package dev.todoctl.cli.platform;

import com.marcnuri.helm.Helm;
import dev.todoctl.cli.targets.kubernetes.HelmService;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Embedded Helm (Go code in the JVM) takes SIGTERM away from the JVM the first time it runs; todoctl's Helm calls
 * give it back ({@link Signals#reclaim()}). Each case runs in a fresh JVM (the Go runtime takes the signal once per
 * process, so only a fresh one shows it), which installs a counting handler, renders the chart, sends itself SIGTERM
 * and prints how many arrived.
 */
class SignalsTest {

    @ParameterizedTest(name = "{0}: {1} SIGTERM handled")
    @CsvSource({"todoctl, 1", "helm-java alone, 0"})
    @DisplayName("after a real Helm render SIGTERM reaches the Java handler through todoctl's Helm service, not without it")
    void helmRenderKeepsSignals(String how, int expected) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                how.equals("todoctl") ? "service" : "raw", chart().toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).as(out).contains("handled " + expected + "\n");
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** The fresh JVM: counting handler, one render, SIGTERM to itself, the count. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            AtomicInteger got = new AtomicInteger();
            Signals.handle("TERM", s -> got.incrementAndGet());
            Path chart = Path.of(args[1]);
            if (args[0].equals("service")) {
                HelmService.template(new HelmService.Request(chart, List.of(), Map.of(), "test"), "sig", "sig-test", "1.31.0");
            } else {
                new Helm(chart).template().withName("sig").withNamespace("sig-test").call();
            }
            new ProcessBuilder("kill", "-TERM", Long.toString(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(1000);
            System.out.println("handled " + got.get());
            System.exit(0);
        }
    }

    private static Path chart() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("charts/todo-chatbot/Chart.yaml"))) {
                return dir.resolve("charts/todo-chatbot");
            }
        }
        throw new IllegalStateException("charts/todo-chatbot not found");
    }
}
