package dev.todoctl.cli.platform;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("JDK discovery")
class JdkLocatorTest {
    @TempDir
    Path jvms;

    private Path jdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @CsvSource({"17.0.12, 17", "21, 21", "25.0.3, 25", "1.8.0_402, 8", "'', 0"})
    void feature(String version, int expected) {
        assertThat(JdkLocator.feature(version)).isEqualTo(expected);
    }

    @Test
    @DisplayName("JAVA_HOME wins when it is >= 21; else the newest >= 21 under the JVM directory")
    void order() throws IOException {
        Path j17 = jdk("java-17", "17.0.12");
        Path j21 = jdk("java-21", "21.0.5");
        Path j25 = jdk("temurin-25", "25.0.3");
        Environment with21 = new Environment(Map.of("JAVA_HOME", j21.toString()), jvms, jvms, false);
        assertThat(new JdkLocator(with21, jvms).find().home()).isEqualTo(j21);
        Environment with17 = new Environment(Map.of("JAVA_HOME", j17.toString()), jvms, jvms, false);
        JdkLocator.Jdk found = new JdkLocator(with17, jvms).find();
        assertThat(found.home()).isEqualTo(j25);
        assertThat(found.feature()).isEqualTo(25);
    }

    @Test
    @DisplayName("nothing suitable installed: the JVM running todoctl")
    void fallback() {
        Environment env = new Environment(Map.of(), jvms, jvms, false);
        assertThat(new JdkLocator(env, jvms).find().why()).isEqualTo("the JVM running todoctl");
    }
}
