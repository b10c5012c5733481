package dev.todoctl.app.api;

import dev.todoctl.app.support.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

@DisplayName("api on embedded H2")
class H2ApiTest extends ApiEndpointsContract {
    @TempDir
    static Path data;
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = TestApi.h2(data, Map.of());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Override
    protected TestApi api() {
        return api;
    }
}
