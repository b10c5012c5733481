package dev.todoctl.app.chat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

@DisplayName("chat API on embedded H2")
class ChatApiH2Test extends ChatApiContract {
    @TempDir
    static Path data;
    private static ChatTestApi api;

    @BeforeAll
    static void start() {
        api = ChatTestApi.start(data);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Override
    protected ChatTestApi api() {
        return api;
    }
}
