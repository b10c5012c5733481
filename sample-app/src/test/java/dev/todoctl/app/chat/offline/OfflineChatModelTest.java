package dev.todoctl.app.chat.offline;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.todoctl.app.chat.intent.IntentParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("OfflineChatModel: the langchain4j adapter around the intent parser")
class OfflineChatModelTest {
    private final OfflineChatModel model = new OfflineChatModel(
            new IntentParser(Clock.fixed(Instant.parse("2026-11-18T10:00:00Z"), ZoneOffset.UTC)));

    private ChatResponse chat(ChatMessage... messages) {
        return model.chat(ChatRequest.builder().messages(List.of(messages)).build());
    }

    @Nested
    @DisplayName("after a user message")
    class AfterUser {
        @Test
        @DisplayName("asks for the matching tool with its arguments")
        void toolRequest() {
            ChatResponse r = chat(UserMessage.from("remind me to call mom tomorrow with high priority #family"));

            assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
            ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().getFirst();
            assertThat(call.name()).isEqualTo("add_task");
            assertThat(call.id()).startsWith("call_");
            assertThat(call.arguments()).isEqualTo(
                    "{\"title\":\"call mom\",\"priority\":\"high\",\"tags\":[\"family\"],\"due_date\":\"2026-11-19\"}");
        }

        @Test
        @DisplayName("references become task_id or title_contains")
        void references() {
            assertThat(chat(UserMessage.from("delete task 3")).aiMessage().toolExecutionRequests().getFirst()
                    .arguments()).isEqualTo("{\"task_id\":3}");
            assertThat(chat(UserMessage.from("complete the milk task")).aiMessage().toolExecutionRequests()
                    .getFirst().arguments()).isEqualTo("{\"completed\":true,\"title_contains\":\"milk\"}");
        }

        @Test
        @DisplayName("answers small talk and nonsense directly")
        void directAnswers() {
            ChatResponse hello = chat(UserMessage.from("hello"));
            assertThat(hello.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(hello.aiMessage().text()).startsWith("Hi!");
            assertThat(chat(UserMessage.from("qwertz")).aiMessage().text()).contains("didn't understand \"qwertz\"");
        }
    }

    @Nested
    @DisplayName("after tool results")
    class AfterTools {
        @Test
        @DisplayName("writes the reply from the result")
        void reply() {
            ToolExecutionRequest call = ToolExecutionRequest.builder().id("c1").name("list_tasks").arguments("{}").build();
            ChatResponse r = chat(UserMessage.from("show my tasks"), AiMessage.from(call),
                    ToolExecutionResultMessage.from(call, "{\"ok\":true,\"message\":\"Found 1 task.\",\"total\":1,"
                            + "\"tasks\":[{\"id\":7,\"title\":\"buy milk\",\"completed\":false,\"priority\":\"high\","
                            + "\"tags\":[\"shop\"],\"due_date\":\"2026-11-20\"}]}"));

            assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(r.aiMessage().text()).isEqualTo("Found 1 task:\n- [ ] #7 buy milk (high priority, due 2026-11-20) #shop");
        }

        @Test
        @DisplayName("an answer to 'which one?' repeats the pending call with the chosen id")
        void pick() {
            ToolExecutionRequest call = ToolExecutionRequest.builder().id("c1").name("delete_task")
                    .arguments("{\"title_contains\":\"milk\"}").build();
            List<ChatMessage> history = new ArrayList<>(List.of(UserMessage.from("delete the milk task"),
                    AiMessage.from(call), ToolExecutionResultMessage.from(call, "{\"ok\":false,\"error\":\"ambiguous\","
                            + "\"message\":\"2 tasks match\",\"candidates\":[{\"id\":4,\"title\":\"milk the cow\"},"
                            + "{\"id\":1,\"title\":\"buy milk\"}]}"),
                    AiMessage.from("Several tasks match. Which one do you mean?")));

            history.add(UserMessage.from("the second one"));
            ToolExecutionRequest second = chat(history.toArray(ChatMessage[]::new)).aiMessage()
                    .toolExecutionRequests().getFirst();
            assertThat(second.name()).isEqualTo("delete_task");
            assertThat(second.arguments()).isEqualTo("{\"task_id\":1}");

            history.set(history.size() - 1, UserMessage.from("#4"));
            assertThat(chat(history.toArray(ChatMessage[]::new)).aiMessage().toolExecutionRequests().getFirst()
                    .arguments()).isEqualTo("{\"task_id\":4}");
        }

        @Test
        @DisplayName("a bare number with nothing pending asks what to do")
        void pickWithoutQuestion() {
            assertThat(chat(UserMessage.from("3")).aiMessage().text()).startsWith("What should I do with task #3?");
        }
    }
}
