package dev.todoctl.app.chat;

import dev.todoctl.app.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("chat API on a PostgreSQL server")
class ChatApiPostgresTest extends ChatApiContract {
    private static ChatTestApi api;

    @BeforeAll
    static void start() {
        api = ChatTestApi.postgres(PostgresServer.shared().createDatabase("chat"));
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

    @Test
    @DisplayName("a conversation continues on a fresh api process against the same database")
    void continuesAfterRestart() {
        String token = api.signup("pg-restart");
        long conv = api.chat(token, null, "add buy milk").body().get("conversation_id").asLong();
        api.chat(token, conv, "add milk the cow");
        assertThat(api.chat(token, conv, "complete the milk task").body().get("reply").asText()).contains("Which one");

        api.restart();

        var answer = api.chat(token, conv, "the first one");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body().get("reply").asText()).contains("as done");
        assertThat(api.get("/api/v1/conversations/" + conv + "/messages", token).body().get("items")).hasSize(12);
    }
}
