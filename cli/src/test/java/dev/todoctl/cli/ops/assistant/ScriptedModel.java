package dev.todoctl.cli.ops.assistant;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;

import java.util.ArrayList;
import java.util.List;

/**
 * A model that ignores the question and asks for the given tool calls straight away (what a confused or
 * prompt-injected model might do), then echoes the tool results as its answer.
 */
final class ScriptedModel implements ChatModel {
    private final List<ToolExecutionRequest> requests = new ArrayList<>();

    ScriptedModel call(String tool, String argumentsJson) {
        requests.add(ToolExecutionRequest.builder().id("call_" + requests.size()).name(tool).arguments(argumentsJson).build());
        return this;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        var last = request.messages().getLast();
        AiMessage answer = last instanceof ToolExecutionResultMessage
                ? AiMessage.from("model saw: " + String.join(" | ", request.messages().stream()
                        .filter(m -> m instanceof ToolExecutionResultMessage)
                        .map(m -> ((ToolExecutionResultMessage) m).text()).toList()))
                : AiMessage.from(requests);
        return ChatResponse.builder().aiMessage(answer)
                .finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP).build();
    }
}
