package dev.todoctl.app.api;

import dev.todoctl.app.support.PostgresServer;
import dev.todoctl.app.support.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;

import java.util.Map;

@DisplayName("api on a PostgreSQL server")
class PostgresApiTest extends ApiEndpointsContract {
    private static PostgresServer pg;
    private static TestApi api;

    @BeforeAll
    static void start() {
        pg = PostgresServer.start();
        api = TestApi.postgres(pg.createDatabase("endpoints"), Map.of());
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

    @Override
    protected TestApi api() {
        return api;
    }
}
