package dev.todoctl.app.api;

import dev.todoctl.app.support.PostgresServer;
import dev.todoctl.app.support.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

import java.util.Map;

@DisplayName("api on a PostgreSQL server")
class PostgresApiTest extends ApiEndpointsContract {
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = TestApi.postgres(PostgresServer.shared().createDatabase("endpoints"), Map.of());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Override
    protected TestApi api() {
        return api;
    }
}
