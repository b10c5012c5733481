package dev.todoctl.app.fuzz;

import dev.todoctl.app.support.PostgresServer;
import dev.todoctl.app.support.TestApi;

import java.util.Map;

/** The fuzz suite against the api on a real PostgreSQL server (the test cluster shared by the test run). */
class PostgresApiFuzzTest extends ApiFuzzContract {
    @Override
    protected TestApi startApi() {
        return TestApi.postgres(PostgresServer.shared().createDatabase("fuzz"), Map.of());
    }
}
