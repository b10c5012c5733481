package dev.todoctl.app.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolExecution;
import dev.todoctl.app.chat.tools.TaskTools;
import dev.todoctl.app.chat.tools.ToolMetrics;
import dev.todoctl.app.chat.tools.ToolResult;
import dev.todoctl.app.http.ApiException;
import dev.todoctl.app.http.Json;
import dev.todoctl.app.logging.Logs;
import dev.todoctl.app.tasks.TaskService;
import io.helidon.http.Status;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The chat use cases. Each message builds a langchain4j agent bound to the caller: its tools act for that user
 * only, and its memory is the conversation's log in the database, so any replica can continue any conversation.
 */
public final class ChatService {
    /** Messages the model sees (the full history stays in the database). */
    static final int MEMORY_WINDOW = 30;
    static final int MAX_TOOL_CALLS = 8;
    static final int TITLE_MAX = 80;
    private static final Logger LOG = Logger.getLogger(ChatService.class.getName());

    private final ChatModel model;
    private final ChatRepository conversations;
    private final TaskService tasks;
    private final ToolMetrics metrics;
    private final Clock clock;

    /** The agent's shape; langchain4j implements it per request. */
    interface Agent {
        Result<String> chat(@MemoryId long conversationId, @UserMessage String message);
    }

    public ChatService(ChatModel model, ChatRepository conversations, TaskService tasks, ToolMetrics metrics,
                       Clock clock) {
        this.model = model;
        this.conversations = conversations;
        this.tasks = tasks;
        this.metrics = metrics;
        this.clock = clock;
    }

    public ChatReply chat(long userId, Long conversationId, String message) {
        Conversation conversation = conversationId == null
                ? conversations.create(userId, title(message))
                : conversations.find(userId, conversationId).orElseThrow(() -> notFound(conversationId));
        DatabaseChatMemoryStore store = new DatabaseChatMemoryStore(conversations, conversation.id(), MEMORY_WINDOW);
        Agent agent = AiServices.builder(Agent.class)
                .chatModel(model)
                .chatMemoryProvider(id -> MessageWindowChatMemory.builder()
                        .id(id).maxMessages(MEMORY_WINDOW).chatMemoryStore(store)
                        .alwaysKeepSystemMessageFirst(true).build())
                .systemMessageProvider(id -> systemPrompt())
                .tools(new TaskTools(tasks, userId, metrics))
                .maxToolCallingRoundTrips(MAX_TOOL_CALLS)
                .toolArgumentsErrorHandler((error, ctx) -> toolError(ctx.toolExecutionRequest().name(),
                        "invalid_arguments", "Invalid arguments: " + error.getMessage()))
                .toolExecutionErrorHandler((error, ctx) -> toolError(ctx.toolExecutionRequest().name(),
                        "internal_error", "The tool failed: " + error.getMessage()))
                .hallucinatedToolNameStrategy(req -> {
                    metrics.record(req.name(), false);
                    return ToolExecutionResultMessage.from(req, ToolResult.failed("unknown_tool", "There is no tool "
                            + "named " + req.name() + "; use one of " + String.join(", ", TaskTools.NAMES)).toJson());
                })
                .build();
        Result<String> result;
        try {
            result = agent.chat(conversation.id(), message);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            Logs.event(LOG, Level.WARNING, "chat model failed", Map.of("conversation_id", conversation.id(),
                    "error", e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())));
            throw new ApiException(Status.BAD_GATEWAY_502, "upstream_error",
                    "the chat model did not answer; try again", null);
        } finally {
            conversations.touch(conversation.id());
        }
        List<ChatReply.ToolCall> calls = result.toolExecutions().stream().map(ChatService::toolCall).toList();
        String reply = result.content() == null ? "" : result.content();
        return new ChatReply(conversation.id(), reply, calls);
    }

    public List<Conversation> conversations(long userId) {
        return conversations.list(userId);
    }

    public List<StoredMessage> messages(long userId, long conversationId) {
        conversations.find(userId, conversationId).orElseThrow(() -> notFound(conversationId));
        return conversations.transcript(conversationId);
    }

    public void delete(long userId, long conversationId) {
        if (!conversations.delete(userId, conversationId)) {
            throw notFound(conversationId);
        }
    }

    private ToolErrorHandlerResult toolError(String tool, String code, String message) {
        metrics.record(tool, false);
        return ToolErrorHandlerResult.text(ToolResult.failed(code, message).toJson());
    }

    private String systemPrompt() {
        LocalDate today = LocalDate.now(clock);
        return "You are the assistant of a todo app. You manage the user's tasks only through the tools add_task, "
                + "list_tasks, complete_task, delete_task and update_task; never invent tasks or ids. Today is "
                + today + " (" + today.getDayOfWeek().toString().toLowerCase() + "); write dates as YYYY-MM-DD. "
                + "Refer to a task by its id when known, otherwise pass title_contains; when a tool says several "
                + "tasks match, ask the user which one. Answer briefly and in plain text.";
    }

    private static ChatReply.ToolCall toolCall(ToolExecution e) {
        String raw = e.request().arguments();
        JsonNode args;
        try {
            args = Json.MAPPER.readTree(raw == null || raw.isBlank() ? "{}" : raw);
        } catch (Exception ex) {
            args = null;
        }
        if (args == null || !args.isObject()) {
            args = Json.MAPPER.createObjectNode().put("raw", raw);
        }
        return new ChatReply.ToolCall(e.request().name(), args, ToolResult.parse(e.result()).path("message").asText());
    }

    static String title(String message) {
        String t = message.strip().replaceAll("\\s+", " ");
        if (t.codePointCount(0, t.length()) <= TITLE_MAX) {
            return t;
        }
        return t.substring(0, t.offsetByCodePoints(0, TITLE_MAX - 3)) + "...";
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("conversation " + id + " not found");
    }
}
