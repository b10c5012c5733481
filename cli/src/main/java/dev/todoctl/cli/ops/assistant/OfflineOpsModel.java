package dev.todoctl.cli.ops.assistant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The default provider: a langchain4j {@link ChatModel} that needs no network and no key. When the conversation
 * ends with the question it reads the intent ({@link OpsIntentParser}) and asks for the matching tools
 * ({@link FinishReason#TOOL_EXECUTION}); when it ends with tool results it writes the answer from them.
 */
public final class OfflineOpsModel implements ChatModel {
    public static final String MODEL_NAME = "todoctl-offline-ops-v1";
    static final String CAPABILITIES = """
            I can look at the deployment and, with your confirmation, change it. Try:
            - "is everything healthy?", "list the components", "describe the api"
            - "why is the web not starting?", "diagnose", "show the events for the api"
            - "show the api logs", "last 100 lines of the web logs"
            - "what uses the most memory?", "show history"
            - "scale the api to 3 replicas", "restart the web", "roll back", "roll back to revision 2"
            - "set api.env.LOG_LEVEL to debug" (prints the deploy command; changes nothing)
            Changes are shown first and need a yes (a terminal prompt, or --yes).""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpsIntentParser parser = new OpsIntentParser();

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.isEmpty() ? null : messages.getLast();
        AiMessage answer;
        if (last instanceof ToolExecutionResultMessage) {
            List<ToolExecutionResultMessage> results = new ArrayList<>();
            for (int i = messages.size() - 1; i >= 0 && messages.get(i) instanceof ToolExecutionResultMessage r; i--) {
                results.addFirst(r);
            }
            answer = AiMessage.from(afterTools(results));
        } else if (last instanceof UserMessage user) {
            answer = answer(parser.parse(user.hasSingleText() ? user.singleText() : ""));
        } else {
            answer = AiMessage.from(CAPABILITIES);
        }
        return ChatResponse.builder().aiMessage(answer).modelName(MODEL_NAME)
                .finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    static AiMessage answer(OpsIntent intent) {
        List<Map.Entry<String, Map<String, Object>>> calls = intent.toolCalls();
        if (!calls.isEmpty()) {
            List<ToolExecutionRequest> requests = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                requests.add(ToolExecutionRequest.builder().id("call_" + (i + 1)).name(calls.get(i).getKey())
                        .arguments(json(calls.get(i).getValue())).build());
            }
            return AiMessage.from(requests);
        }
        return AiMessage.from(switch (intent) {
            case OpsIntent.Clarify c -> c.question();
            case OpsIntent.Unknown u -> "Sorry, I didn't understand " + (u.text().isBlank() ? "that"
                    : "\"" + abbreviate(u.text()) + "\"") + ". " + CAPABILITIES;
            default -> CAPABILITIES;
        });
    }

    /** One result is the answer; several (troubleshooting) become titled sections. */
    private static String afterTools(List<ToolExecutionResultMessage> results) {
        if (results.size() == 1) {
            return results.getFirst().text();
        }
        StringBuilder sb = new StringBuilder("Here is what I found:");
        for (ToolExecutionResultMessage r : results) {
            sb.append("\n\n== ").append(title(r.toolName())).append(" ==\n").append(r.text());
        }
        return sb.toString();
    }

    private static String title(String tool) {
        return switch (tool) {
            case "diagnose" -> "Diagnosis";
            case "describe_component" -> "Component";
            case "events" -> "Events";
            case "logs" -> "Logs";
            case "status" -> "Status";
            default -> tool;
        };
    }

    private static String json(Map<String, Object> args) {
        try {
            return JSON.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 80 ? t : t.substring(0, 80) + "...";
    }
}
