package dev.todoctl.cli.build;

import dev.todoctl.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The artifact build through `todoctl build --jar-only`, with a recording fake `mvn` as build.command. */
class ArtifactBuilderTest {
    @TempDir
    Path dir;

    private Path fakeMaven() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, """
                #!/bin/sh
                echo "MAVEN_OPTS=$MAVEN_OPTS" >> "$PWD/maven-runs"
                mkdir -p sample-app/target && echo jar > sample-app/target/todo-chatbot.jar
                """);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("src/sample-app/src/main"));
        Files.writeString(dir.resolve("src/pom.xml"), "<project/>");
        Files.writeString(dir.resolve("src/sample-app/pom.xml"), "<project/>");
        return bin;
    }

    private CliRun build(Path bin, Map<String, String> extra) {
        var env = new java.util.HashMap<>(Map.of("TODOCTL_STATE_DIR", dir.resolve("state").toString()));
        env.putAll(extra);
        return CliRun.in(dir, env, "build", "--jar-only", "--set", "source-dir=" + dir.resolve("src"),
                "--set", "build.command=" + bin.resolve("mvn") + " -q package");
    }

    @Test
    void mavenRunsWithFastStartOptionsUnlessTheUserSetsHisOwn() throws IOException {
        Path bin = fakeMaven();
        CliRun first = build(bin, Map.of());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Files.writeString(dir.resolve("src/sample-app/src/main/Changed.java"), "class Changed {}");
        CliRun second = build(bin, Map.of("MAVEN_OPTS", "-Xmx1g"));
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(Files.readAllLines(dir.resolve("src/maven-runs")))
                .containsExactly("MAVEN_OPTS=" + ArtifactBuilder.FAST_MAVEN_OPTS, "MAVEN_OPTS=-Xmx1g");
    }

    @Test
    void unchangedInputsBuildNothing() throws IOException {
        Path bin = fakeMaven();
        assertThat(build(bin, Map.of()).exitCode()).isZero();
        CliRun again = build(bin, Map.of());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(Files.readAllLines(dir.resolve("src/maven-runs"))).hasSize(1);
    }

    @Test
    void onlyMavenGetsMavenOptions() {
        assertThat(ArtifactBuilder.isMaven(List.of("mvn", "-q", "package"))).isTrue();
        assertThat(ArtifactBuilder.isMaven(List.of("./mvnw", "package"))).isTrue();
        assertThat(ArtifactBuilder.isMaven(List.of("gradle", "build"))).isFalse();
        assertThat(ArtifactBuilder.isMaven(List.of())).isFalse();
    }
}
