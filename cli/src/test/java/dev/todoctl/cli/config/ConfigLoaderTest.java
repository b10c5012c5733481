package dev.todoctl.cli.config;

import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.Environment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("configuration")
class ConfigLoaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void file() throws IOException {
        Files.writeString(dir.resolve("todoctl.yaml"), """
                release: from-file
                local:
                  api-port: 9001
                  web-port: 9002
                app:
                  log-level: info
                timeouts:
                  ready: 2m
                profiles:
                  prod:
                    app:
                      log-level: warn
                    local:
                      web-port: 9102
                  ci:
                    timeouts:
                      ready: 30s
                """);
    }

    private TodoctlConfig load(Map<String, String> env, Map<String, String> sets, String profile) {
        Environment environment = new Environment(new HashMap<>(env), dir, dir, false);
        return new ConfigLoader(environment, null).load(new ConfigRequest(Optional.empty(),
                Optional.ofNullable(profile), sets, Map.of()));
    }

    @Nested
    @DisplayName("precedence: flag > env > file (profile over base) > default")
    class Precedence {
        @ParameterizedTest(name = "{0}: local.web-port = {4} from {5}")
        @CsvSource(delimiter = '|', value = {
                "file base         |     |      |     | 9002 | todoctl.yaml:4",
                "profile over base | prod |     |     | 9102 | todoctl.yaml:14",
                "env over file     | prod | 9200 |    | 9200 | env TODOCTL_LOCAL_WEB_PORT",
                "--set over env    | prod | 9200 | 9300 | 9300 | --set local.web-port"})
        void webPort(String name, String profile, String env, String set, int expected, String source) {
            Map<String, String> vars = env == null ? Map.of() : Map.of("TODOCTL_LOCAL_WEB_PORT", env);
            Map<String, String> sets = set == null ? Map.of() : Map.of("local.web-port", set);
            TodoctlConfig config = load(vars, sets, profile);
            assertThat(config.local().web()).isEqualTo(expected);
            assertThat(config.values().get("local.web-port").source()).endsWith(source);
        }

        @Test
        @DisplayName("defaults where nothing says otherwise")
        void defaults() {
            TodoctlConfig config = load(Map.of(), Map.of(), null);
            assertThat(config.profile()).isEqualTo("dev");
            assertThat(config.kubernetes().namespace()).isEqualTo("todo");
            assertThat(config.values().get("kubernetes.namespace").source()).isEqualTo("default");
            assertThat(config.readyTimeout()).isEqualTo(Duration.ofMinutes(2));
            assertThat(config.stateDir()).isEqualTo(dir.resolve(".local/state/todoctl/from-file"));
        }

        @Test
        @DisplayName("profiles from the file and from TODOCTL_PROFILE")
        void profiles() {
            assertThat(load(Map.of(), Map.of(), "ci").readyTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(load(Map.of("TODOCTL_PROFILE", "prod"), Map.of(), null).app().logLevel()).isEqualTo("warn");
        }

        @Test
        @DisplayName("secret aliases from the usual variables")
        void aliases() {
            TodoctlConfig config = load(Map.of("OPENAI_API_KEY", "sk-123"), Map.of(), null);
            assertThat(config.app().openaiApiKey()).isEqualTo("sk-123");
            assertThat(config.values().get("app.openai-api-key").shown()).isEqualTo("****");
            assertThat(config.app().toString()).doesNotContain("sk-123");
        }
    }

    @Nested
    @DisplayName("validation")
    class Validation {
        @Test
        @DisplayName("every problem reported at once, with file and line")
        void lines() throws IOException {
            Files.writeString(dir.resolve("todoctl.yaml"), """
                    release: demo
                    locl:
                      api-port: 1
                    timeouts:
                      ready: soon
                    """);
            assertThatThrownBy(() -> load(Map.of(), Map.of(), null))
                    .isInstanceOfSatisfying(TodoctlException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(2);
                        assertThat(e.getMessage())
                                .contains("todoctl.yaml:3: locl.api-port: unknown setting (did you mean 'local.api-port'?)")
                                .contains("todoctl.yaml:5: timeouts.ready: 'soon' is not a duration");
                    });
        }

        @Test
        @DisplayName("a bad environment variable is named")
        void env() {
            assertThatThrownBy(() -> load(Map.of("TODOCTL_BUILD_PUSH", "yes"), Map.of(), null))
                    .hasMessageContaining("env TODOCTL_BUILD_PUSH: build.push: 'yes' is not true or false");
        }

        @Test
        @DisplayName("release must be a DNS label")
        void release() {
            assertThatThrownBy(() -> load(Map.of(), Map.of("release", "My_App"), null))
                    .hasMessageContaining("must be lower-case letters");
        }
    }

    @Test
    @DisplayName("config view masks secrets and shows sources")
    void view() {
        CliRun r = CliRun.in(dir, Map.of("TODOCTL_APP_JWT_SECRET", "a-very-secret-value-of-32-bytes!!",
                "TODOCTL_RELEASE", "viewed"), "config", "view", "--set", "app.chat-model=m1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("a-very-secret-value").contains("app.jwt-secret").contains("****")
                .contains("env TODOCTL_APP_JWT_SECRET").contains("--set app.chat-model").contains("viewed")
                .contains("todoctl.yaml:4");
    }
}
