package dev.todoctl.cli.commands;

import dev.todoctl.cli.CliRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("todoctl ask: help and bad input")
class AskUsageTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("--help shows examples, --yes and the providers")
    void help() {
        CliRun run = CliRun.in(dir, Map.of(), "ask", "--help");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Examples:").contains("todoctl ask \"is everything healthy?\"")
                .contains("--yes").contains("--provider").contains("TODOCTL_AI_BASE_URL");
    }

    @Test
    @DisplayName("no question is exit 2")
    void noQuestion() {
        CliRun run = CliRun.in(dir, Map.of(), "ask");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("QUESTION");
        assertThat(CliRun.in(dir, Map.of(), "ask", "  ").exitCode()).isEqualTo(2);
    }

    @Test
    @DisplayName("an unknown provider is exit 2 with the valid ones")
    void unknownProvider() {
        CliRun run = CliRun.in(dir, Map.of(), "ask", "--provider", "gemini", "status");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown provider 'gemini'").contains("offline, openai or anthropic");
    }

    @Test
    @DisplayName("anthropic without a key, openai without key or base URL: exit 2 naming the variables; a key is never printed")
    void missingKeys() {
        CliRun anthropic = CliRun.in(dir, Map.of(), "ask", "--provider", "anthropic", "status");
        assertThat(anthropic.exitCode()).isEqualTo(2);
        assertThat(anthropic.err()).contains("needs an API key").contains("TODOCTL_AI_API_KEY").contains("--provider offline");
        CliRun openai = CliRun.in(dir, Map.of("TODOCTL_AI_PROVIDER", "openai"), "ask", "status");
        assertThat(openai.exitCode()).isEqualTo(2);
        assertThat(openai.err()).contains("TODOCTL_AI_BASE_URL");
        CliRun view = CliRun.in(dir, Map.of("TODOCTL_AI_API_KEY", "sk-ask-secret-123456"), "config", "view");
        assertThat(view.out()).contains("ai.api-key").doesNotContain("sk-ask-secret-123456");
    }

    @Test
    @DisplayName("an unreachable OpenAI-compatible server is exit 2 with a fix, not a stack trace")
    void unreachableProvider() {
        CliRun run = CliRun.in(dir, Map.of("TODOCTL_AI_BASE_URL", "http://127.0.0.1:1/v1", "TODOCTL_AI_API_KEY", "sk-x-never-shown"),
                "ask", "--provider", "openai", "--target", "local", "is everything healthy?");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("the openai model did not answer").contains("--provider offline")
                .doesNotContain("sk-x-never-shown").doesNotContain("\tat ");
    }
}
