package dev.todoctl.validation;

import dev.todoctl.validation.report.CheckResult;
import dev.todoctl.validation.report.Outcome;
import dev.todoctl.validation.scenario.ScenarioRunner;
import dev.todoctl.validation.scenario.ValidationReport;
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

    /**
     * The persistence scenario needs a hook to restart the api. Without one its checks are skipped with the reason
     * and nothing is sent: the api URL here has nothing behind it, so any attempt would fail a check.
     */
    @Test
    void noHooksMeansUnsupportedNotBroken() {
        ValidationReport report = ScenarioRunner.standard().only(List.of("persistence"))
                .run(ValidationTarget.of("http://127.0.0.1:9"));
        List<CheckResult> checks = report.suites().getFirst().checks();
        assertThat(checks).extracting(CheckResult::name).containsExactly("api restarts and becomes ready",
                "tasks, users and chat history survive the restart");
        assertThat(checks).allSatisfy(c -> {
            assertThat(c.outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(c.message()).contains("cannot restart the api");
        });
        assertThatThrownBy(TargetHooks.NONE::restartApi).isInstanceOf(UnsupportedOperationException.class);
    }
}
