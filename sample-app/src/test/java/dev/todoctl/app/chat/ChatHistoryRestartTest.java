package dev.todoctl.app.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.app.chat.ChatTestApi.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Chat history lives in the database")
class ChatHistoryRestartTest {

    @Test
    @DisplayName("a conversation continues after the api restarts: the pending question is still answered")
    void survivesRestart(@TempDir Path dataDir) {
        try (ChatTestApi api = ChatTestApi.start(dataDir)) {
            String token = api.signup("restart");
            long conv = api.chat(token, null, "add buy milk").body().get("conversation_id").asLong();
            api.chat(token, conv, "add milk the cow");
            Response question = api.chat(token, conv, "complete the milk task");
            assertThat(question.body().get("reply").asText()).contains("Which one");
            JsonNode before = api.get("/api/v1/conversations/" + conv + "/messages", token).body().get("items");

            api.restart();

            JsonNode after = api.get("/api/v1/conversations/" + conv + "/messages", token).body().get("items");
            assertThat(after).isEqualTo(before);
            Response answer = api.chat(token, conv, "the second one");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.body().get("tool_calls").get(0).get("name").asText()).isEqualTo("complete_task");
            assertThat(answer.body().get("reply").asText()).contains("as done");
            assertThat(api.get("/api/v1/tasks?status=completed", token).body().get("total").asInt()).isEqualTo(1);
            assertThat(api.get("/api/v1/conversations/" + conv + "/messages", token).body().get("items").size())
                    .isEqualTo(before.size() + 3);
        }
    }
}
