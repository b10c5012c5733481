package dev.todoctl.app.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiConfigTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static ApiConfig config(Map<String, String> vars) {
        Map<String, String> all = new HashMap<>(vars);
        all.putIfAbsent("JWT_SECRET", SECRET);
        return ApiConfig.from(new Env(all));
    }

    @Test
    @DisplayName("no JWT_SECRET, or one under 32 bytes, refuses to start with a message naming the variable")
    void secretRequired() {
        assertThatThrownBy(() -> ApiConfig.from(new Env(Map.of()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("JWT_SECRET is not set");
        assertThatThrownBy(() -> config(Map.of("JWT_SECRET", "short"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 32");
    }

    @Test
    void defaults() {
        ApiConfig c = config(Map.of());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.tokenTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(c.database().embedded()).isTrue();
        assertThat(c.chat().provider()).isEqualTo(ChatSettings.Provider.OFFLINE);
        assertThat(c.migrateOnStart()).isTrue();
    }

    @Test
    @DisplayName("bad values name the variable")
    void badValues() {
        assertThatThrownBy(() -> config(Map.of("PORT", "eighty"))).hasMessageContaining("PORT");
        assertThatThrownBy(() -> config(Map.of("PORT", "70000"))).hasMessageContaining("out of range");
        assertThatThrownBy(() -> config(Map.of("JWT_TTL", "soon"))).hasMessageContaining("JWT_TTL");
        assertThatThrownBy(() -> config(Map.of("MIGRATE_ON_START", "maybe"))).hasMessageContaining("boolean");
        assertThatThrownBy(() -> config(Map.of("DATABASE_URL", "mysql://x/y"))).hasMessageContaining("PostgreSQL");
        assertThatThrownBy(() -> config(Map.of("CHAT_PROVIDER", "gpt"))).hasMessageContaining("CHAT_PROVIDER");
    }

    @Test
    @DisplayName("libpq URLs are accepted; credentials in them never reach logs")
    void databaseUrls() {
        assertThat(config(Map.of("DATABASE_URL", "postgresql://db:5432/todo")).database().url())
                .isEqualTo("jdbc:postgresql://db:5432/todo");
        DatabaseConfig libpq = config(Map.of("DATABASE_URL", "postgres://todo:p%40ss@db:5432/todo")).database();
        assertThat(libpq.url()).isEqualTo("jdbc:postgresql://db:5432/todo");
        assertThat(libpq.user()).contains("todo");
        assertThat(libpq.password()).contains("p@ss");
        assertThat(libpq.toString()).doesNotContain("p@ss");
        assertThat(config(Map.of("JWT_TTL", "15m")).tokenTtl()).isEqualTo(Duration.ofMinutes(15));
        DatabaseConfig withPassword = config(Map.of("DATABASE_URL",
                "jdbc:postgresql://db/todo?user=u&password=hunter2", "DATABASE_PASSWORD", "hunter3")).database();
        assertThat(withPassword.redacted()).doesNotContain("hunter2");
        assertThat(withPassword.toString()).doesNotContain("hunter2").doesNotContain("hunter3");
        assertThat(config(Map.of()).toString()).doesNotContain(SECRET);
    }
}
