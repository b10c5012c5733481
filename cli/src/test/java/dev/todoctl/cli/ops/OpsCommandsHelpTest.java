package dev.todoctl.cli.ops;

import dev.todoctl.cli.CliRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("images and resources commands: help")
class OpsCommandsHelpTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "todoctl {0} {1} --help shows examples")
    @CsvSource({"images,analyze", "resources,report"})
    void examples(String group, String command) {
        CliRun r = CliRun.in(dir, Map.of(), group, command, "--help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Examples:").contains("todoctl " + group + " " + command).contains("--output");
        CliRun parent = CliRun.in(dir, Map.of(), group);
        assertThat(parent.exitCode()).isZero();
        assertThat(parent.out()).contains(command);
    }
}
