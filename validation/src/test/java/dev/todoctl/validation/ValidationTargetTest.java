package dev.todoctl.validation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationTargetTest {
    @Test
    void stripsTrailingSlashAndCollectsSecrets() {
        ValidationTarget t = ValidationTarget.of("http://api:8080/").withWebUrl("http://web/")
                .withJwtSecret("jwt-secret-value").withOtherSecrets(List.of("db-password"));
        assertThat(t.apiUrl()).isEqualTo("http://api:8080");
        assertThat(t.webUrl()).contains("http://web");
        assertThat(t.secrets()).containsExactlyInAnyOrder("jwt-secret-value", "db-password");
        assertThat(t.hooks()).isSameAs(TargetHooks.NONE);
    }

    @Test
    void rejectsNonHttpUrlsWithAClearMessage() {
        assertThatThrownBy(() -> ValidationTarget.of("localhost:8080"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("api URL must be an absolute http(s) URL");
        assertThatThrownBy(() -> ValidationTarget.of("http://api").withWebUrl("web:8000"))
                .hasMessageContaining("web URL");
    }

    @Test
    void noHooksMeansUnsupportedNotBroken() {
        assertThat(TargetHooks.NONE.canRestartApi()).isFalse();
        assertThat(TargetHooks.NONE.recentLogs()).isEmpty();
        assertThat(TargetHooks.NONE.plainConfig()).isEmpty();
        assertThatThrownBy(TargetHooks.NONE::restartApi).isInstanceOf(UnsupportedOperationException.class);
    }
}
