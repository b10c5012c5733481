package dev.todoctl.cli.chart;

import dev.todoctl.cli.outcome.TodoctlException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("chart values as the docker target's source of truth")
class ChartValuesTest {
    @TempDir
    Path chart;

    @Test
    @DisplayName("values.yaml merged with values-<profile>.yaml, deep")
    void merge() throws IOException {
        Files.writeString(chart.resolve("values.yaml"), """
                api:
                  image:
                    repository: todo-chatbot-api
                  env:
                    LOG_LEVEL: INFO
                    CHAT_MODEL: ""
                    JWT_TTL: 24h
                database:
                  internal:
                    database: todo
                """);
        Files.writeString(chart.resolve("values-dev.yaml"), """
                api:
                  env:
                    LOG_LEVEL: DEBUG
                """);
        ChartValues dev = ChartValues.read(chart, "dev");
        assertThat(dev.env("api.env")).containsEntry("LOG_LEVEL", "DEBUG").containsEntry("JWT_TTL", "24h")
                .containsEntry("CHAT_MODEL", "");
        assertThat(dev.string("api.image.repository", "x")).isEqualTo("todo-chatbot-api");
        assertThat(dev.string("database.internal.username", "todo")).isEqualTo("todo");
        assertThat(ChartValues.read(chart, "prod").env("api.env")).containsEntry("LOG_LEVEL", "INFO");
    }

    @Test
    @DisplayName("the repository's own chart has what the docker target reads")
    void realChart() {
        Path real = Path.of("").toAbsolutePath().getParent().resolve("charts/todo-chatbot");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(real), "no charts/todo-chatbot in this checkout");
        ChartValues values = ChartValues.read(real, "dev");
        assertThat(values.string("api.image.repository", "")).isNotEmpty();
        assertThat(values.string("web.image.repository", "")).isNotEmpty();
        assertThat(values.string("database.internal.database", "")).isNotEmpty();
        assertThat(values.env("api.env")).isNotEmpty();
    }

    @Test
    @DisplayName("a missing chart is a usage error")
    void missing() {
        assertThatThrownBy(() -> ChartValues.read(chart.resolve("nope"), "dev"))
                .isInstanceOfSatisfying(TodoctlException.class, e -> assertThat(e.exitCode()).isEqualTo(2));
    }
}
