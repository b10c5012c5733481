package dev.todoctl.cli.targets;

import dev.todoctl.cli.outcome.TodoctlException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("overlay launch: the image's java command with the overlay before the jar")
class OverlayLaunchTest {

    @Test
    @DisplayName("-jar JAR becomes -cp OVERLAY:JAR MAIN; the CDS archive goes; the rest stays in order")
    void rewritesTheDockerfileEntrypoint() {
        List<String> entrypoint = List.of("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.io.tmpdir=/tmp", "-XX:SharedArchiveFile=/app/app.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-jar", "/app/todo-chatbot.jar");
        assertThat(OverlayLaunch.withOverlay(entrypoint, OverlayLaunch.CONTAINER_CLASSES, "dev.todoctl.app.Main"))
                .contains(List.of("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp",
                        "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", "/app/dev-classes:/app/todo-chatbot.jar",
                        "dev.todoctl.app.Main"));
        assertThat(OverlayLaunch.withOverlay(List.of("java", "-XX:+AutoCreateSharedArchive", "-jar", "a.jar", "api"),
                "/o", "M")).contains(List.of("java", "-cp", "/o:a.jar", "M", "api"));
    }

    @Test
    @DisplayName("a command that runs no jar, or ends at -jar, is left alone")
    void noJar() {
        assertThat(OverlayLaunch.withOverlay(List.of("/entrypoint.sh"), "/o", "M")).isEmpty();
        assertThat(OverlayLaunch.withOverlay(List.of("java", "-jar"), "/o", "M")).isEmpty();
    }

    @Test
    @DisplayName("the main class comes from the jar's manifest; a jar without one is refused with the fix")
    void mainClass(@TempDir Path dir) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.todoctl.app.Main");
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        assertThat(OverlayLaunch.mainClass(jar)).isEqualTo("dev.todoctl.app.Main");
        Path plain = dir.resolve("plain.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plain))) {
            out.flush();
        }
        assertThatThrownBy(() -> OverlayLaunch.mainClass(plain)).isInstanceOf(TodoctlException.class)
                .hasMessageContaining("no Main-Class");
        assertThatThrownBy(() -> OverlayLaunch.mainClass(dir.resolve("missing.jar"))).isInstanceOf(TodoctlException.class)
                .hasMessageContaining("cannot read");
    }
}
