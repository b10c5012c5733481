package dev.todoctl.cli.devloop;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("incremental compiler: against the built jar, into the overlay only when it compiles")
class IncrementalCompilerTest {

    /** A jar holding {@code lib.Greeter}, as the app's build would have produced it, with a lib/ beside it. */
    private static Path builtJar(Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("build-classes"));
        Path source = dir.resolve("build-src/lib/Greeter.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package lib; public class Greeter { public static String hello() { return \"hi\"; } }");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString()))
                .isZero();
        Path jar = dir.resolve("target/app.jar");
        Files.createDirectories(jar.resolveSibling("lib"));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("lib/Greeter.class"));
            out.write(Files.readAllBytes(classes.resolve("lib/Greeter.class")));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    @DisplayName("a saved source compiles against the jar; a broken one reports file:line and leaves the overlay as it was")
    void compilesOrLeavesTheOverlayAlone(@TempDir Path dir) throws Exception {
        Path jar = builtJar(dir);
        Path pom = Files.writeString(dir.resolve("pom.xml"), "<maven.compiler.release>21</maven.compiler.release>");
        Path root = dir.resolve("src/main/java");
        Path app = root.resolve("app/App.java");
        Files.createDirectories(app.getParent());
        Files.writeString(app, "package app; public class App { public String greet() { return lib.Greeter.hello(); } }");
        Path overlay = dir.resolve("dev/classes");
        IncrementalCompiler compiler = new IncrementalCompiler(root, overlay, jar, pom, Path.of(System.getProperty("java.home")));

        IncrementalCompiler.Result ok = compiler.compile(List.of(app));
        assertThat(ok.ok()).as(ok.errors().toString()).isTrue();
        assertThat(ok.classes()).isEqualTo(1);
        Path compiled = overlay.resolve("app/App.class");
        byte[] good = Files.readAllBytes(compiled);

        Files.writeString(app, "package app; public class App { public String greet() { return lib.Greeter.nope(); } }");
        IncrementalCompiler.Result broken = compiler.compile(List.of(app));
        assertThat(broken.ok()).isFalse();
        assertThat(broken.errors()).singleElement().asString().startsWith("app/App.java:1: ").contains("nope");
        assertThat(Files.readAllBytes(compiled)).as("the last good class stays").isEqualTo(good);
        try (var left = Files.list(overlay.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no staging directory left")
                    .containsExactly("classes");
        }
    }

    @Test
    @DisplayName("a resource lands in the overlay at its class-path location; the release comes from the pom")
    void resourcesAndRelease(@TempDir Path dir) throws Exception {
        Path resources = Files.createDirectories(dir.resolve("src/main/resources/db"));
        Path sql = Files.writeString(resources.resolve("V1__x.sql"), "select 1;");
        Path overlay = dir.resolve("dev/classes");
        new IncrementalCompiler(dir.resolve("src/main/java"), overlay, builtJar(dir), dir.resolve("pom.xml"),
                Path.of(System.getProperty("java.home"))).copyResource(dir.resolve("src/main/resources"), sql);
        assertThat(overlay.resolve("db/V1__x.sql")).hasContent("select 1;");
        assertThat(IncrementalCompiler.releaseOf(Files.writeString(dir.resolve("p.xml"),
                "<maven.compiler.release>25</maven.compiler.release>"))).isEqualTo("25");
        assertThat(IncrementalCompiler.releaseOf(dir.resolve("missing.xml"))).isEqualTo("21");
    }
}
