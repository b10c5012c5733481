package dev.todoctl.app.web;

import dev.todoctl.app.config.ConfigException;
import dev.todoctl.app.config.Env;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("web service configuration from the environment")
class WebConfigTest {

    @Test
    @DisplayName("defaults: 0.0.0.0:8000, api at http://localhost:8080, 2s connect / 60s read timeouts")
    void defaults() {
        WebConfig config = WebConfig.from(new Env(Map.of()));

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8000);
        assertThat(config.apiUrl()).hasToString("http://localhost:8080");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    @DisplayName("explicit values; a trailing slash on API_URL is dropped")
    void explicit() {
        WebConfig config = WebConfig.from(new Env(Map.of("HOST", "127.0.0.1", "PORT", "9000",
                "API_URL", "http://api.todo.svc:8080/", "API_CONNECT_TIMEOUT", "5s",
                "API_READ_TIMEOUT", "2m")));

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.apiUrl()).hasToString("http://api.todo.svc:8080");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    @DisplayName("bad values name the variable")
    void badValues() {
        assertThatThrownBy(() -> WebConfig.from(new Env(Map.of("API_URL", "api:8080"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("API_URL");
        assertThatThrownBy(() -> WebConfig.from(new Env(Map.of("API_URL", "ftp://api"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("API_URL");
        assertThatThrownBy(() -> WebConfig.from(new Env(Map.of("API_URL", "http://api:8080/?x=1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("API_URL");
        assertThatThrownBy(() -> WebConfig.from(new Env(Map.of("PORT", "http"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PORT");
        assertThatThrownBy(() -> WebConfig.from(new Env(Map.of("API_READ_TIMEOUT", "soon"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("API_READ_TIMEOUT");
    }
}
