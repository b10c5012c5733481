package dev.todoctl.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The real {@code main} in its own JVM: System.exit carries the exit codes, help goes to stdout. */
@DisplayName("launcher (separate JVM)")
class LauncherTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private static Result run(List<String> launcher, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("NO_COLOR", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Result(p.waitFor(), out);
    }

    record Result(int code, String out) {
    }

    @ParameterizedTest(name = "todoctl {0} → exit {1}")
    @CsvSource({"--help, 0, Exit codes:", "--version, 0, todoctl", "--bogus, 2, Unknown option", "'up --profile nope', 2, unknown profile"})
    void mainExitCodes(String args, int code, String text) throws Exception {
        Result r = run(List.of(JAVA, "-cp", System.getProperty("java.class.path"), "dev.todoctl.cli.Todoctl"),
                args.split(" "));
        assertThat(r.code()).as(r.out()).isEqualTo(code);
        assertThat(r.out()).contains(text);
    }

    /**
     * The launcher runs {@code java -jar todoctl.jar}: the jar's manifest (src/main/jar/MANIFEST.MF, which the jar
     * plugin starts from) must enable native access, or the JVM warns when JNA loads Helm's library for render.
     * Built here as that jar is, with the test's class path in place of lib/.
     */
    @Test
    @DisplayName("render from a jar with todoctl's manifest prints no native-access warning")
    void renderFromTheJarWarnsNothing(@TempDir Path dir) throws Exception {
        Manifest manifest;
        try (var in = Files.newInputStream(Path.of("src/main/jar/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Todoctl.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Arrays.stream(
                        System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" ")));
        Path jar = dir.resolve("todoctl.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        Result r = run(List.of(JAVA, "-jar", jar.toString()), "render", "--output-dir", dir.resolve("out").toString());
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("wrote ").doesNotContain("WARNING");
    }

    @Test
    @DisplayName("the packaged cli/target/todoctl.jar (manifest Class-Path lib/) runs, when it has been packaged")
    void packagedJar() throws Exception {
        Path jar = Path.of("target/todoctl.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar) && Files.isDirectory(Path.of("target/lib")),
                "target/todoctl.jar not packaged yet (mvn package runs after the tests)");
        Result r = run(List.of(JAVA, "-jar", jar.toString()), "version");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("todoctl").contains("java");
    }
}
