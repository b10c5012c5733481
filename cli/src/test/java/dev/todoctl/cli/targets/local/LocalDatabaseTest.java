package dev.todoctl.cli.targets.local;

import dev.todoctl.app.config.DatabaseConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LocalDatabaseTest {
    @Test
    @DisplayName("backup and restore open the H2 file with exactly the URL the app opens it with")
    void sameUrlAsTheApp() {
        Path data = Path.of("/tmp/some-state/data");
        assertThat(LocalDatabase.url(data)).isEqualTo(DatabaseConfig.embeddedUrl(data));
    }
}
