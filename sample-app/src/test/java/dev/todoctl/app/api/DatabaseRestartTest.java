package dev.todoctl.app.api;

import dev.todoctl.app.support.PostgresServer;
import dev.todoctl.app.support.TestApi;
import dev.todoctl.app.support.TestApi.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("the api survives a PostgreSQL restart without being restarted itself")
class DatabaseRestartTest {
    private static PostgresServer pg;
    private static TestApi api;

    @BeforeAll
    static void start() {
        pg = PostgresServer.start();
        api = TestApi.postgres(pg.createDatabase("restart"), Map.of());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void recoversAfterDatabaseRestart() throws Exception {
        String token = api.newUser();
        long id = api.post("/api/v1/tasks", token, Map.of("title", "survives")).json().get("id").asLong();

        pg.stopServer();
        Response ready = api.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().get("checks").get("database").asText()).isEqualTo("DOWN");
        assertThat(api.get("/health", null).status()).as("liveness never touches the database").isEqualTo(200);
        Response during = api.get("/api/v1/tasks/" + id, token);
        assertThat(during.status()).as("an outage is a retryable 503, not a 500: " + during).isEqualTo(503);
        assertThat(during.errorCode()).isEqualTo("unavailable");

        pg.startServer();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (api.get("/health/ready", null).status() != 200) {
            assertThat(Instant.now()).as("ready again within 30 s").isBefore(deadline);
            Thread.sleep(200);
        }
        assertThat(api.get("/api/v1/tasks/" + id, token).json().get("title").asText()).isEqualTo("survives");
        assertThat(api.post("/api/v1/tasks", token, Map.of("title", "after")).status()).isEqualTo(201);
    }

    @Test
    @DisplayName("the api starts while the database is down and becomes ready when it appears")
    void startsBeforeDatabase() throws Exception {
        try (PostgresServer late = PostgresServer.start()) {
            String url = late.createDatabase("late");
            late.stopServer();
            try (TestApi early = TestApi.postgres(url, Map.of())) {
                assertThat(early.get("/health", null).status()).isEqualTo(200);
                assertThat(early.get("/health/ready", null).status()).isEqualTo(503);
                late.startServer();
                Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
                while (early.get("/health/ready", null).status() != 200) {
                    assertThat(Instant.now()).as("ready within 30 s of the database").isBefore(deadline);
                    Thread.sleep(200);
                }
                assertThat(early.signup("late@example.com", "password123").status()).isEqualTo(201);
            }
        }
    }
}
