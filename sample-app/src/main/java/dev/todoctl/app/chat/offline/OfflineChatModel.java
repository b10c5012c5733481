package dev.todoctl.app.chat.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.todoctl.app.chat.intent.Intent;
import dev.todoctl.app.chat.intent.IntentParser;
import dev.todoctl.app.chat.intent.TaskRef;
import dev.todoctl.app.chat.tools.ToolResult;
import dev.todoctl.app.http.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The offline chat provider: a langchain4j {@link ChatModel} that needs no network. When the conversation ends
 * with a user message it reads the intent ({@link IntentParser}) and asks for the matching tool
 * ({@link FinishReason#TOOL_EXECUTION}); when it ends with tool results it writes the reply from them
 * ({@link ReplyWriter}). A bare "#3" or "the second one" after an ambiguous match repeats the pending tool call
 * with the chosen task id.
 */
public final class OfflineChatModel implements ChatModel {
    public static final String MODEL_NAME = "offline-intent-v1";

    private final IntentParser parser;
    private final ReplyWriter writer = new ReplyWriter();

    public OfflineChatModel(IntentParser parser) {
        this.parser = parser;
    }

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
            answer = AiMessage.from(writer.afterTools(results));
        } else if (last instanceof UserMessage user) {
            answer = answer(parser.parse(user.hasSingleText() ? user.singleText() : ""), messages);
        } else {
            answer = AiMessage.from(ReplyWriter.HELP);
        }
        return ChatResponse.builder()
                .aiMessage(answer)
                .modelName(MODEL_NAME)
                .finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    private AiMessage answer(Intent intent, List<ChatMessage> history) {
        return switch (intent) {
            case Intent.AddTask a -> {
                ObjectNode args = Json.MAPPER.createObjectNode().put("title", a.title());
                if (a.priority() != null) {
                    args.put("priority", a.priority().wire());
                }
                if (!a.tags().isEmpty()) {
                    ArrayNode tags = args.putArray("tags");
                    a.tags().forEach(tags::add);
                }
                if (a.dueDate() != null) {
                    args.put("due_date", a.dueDate().toString());
                }
                yield call("add_task", args);
            }
            case Intent.ListTasks l -> {
                ObjectNode args = Json.MAPPER.createObjectNode();
                putIf(args, "status", l.status());
                putIf(args, "priority", l.priority() == null ? null : l.priority().wire());
                putIf(args, "tag", l.tag());
                putIf(args, "query", l.text());
                putIf(args, "due_before", l.dueBefore() == null ? null : l.dueBefore().toString());
                putIf(args, "due_after", l.dueAfter() == null ? null : l.dueAfter().toString());
                yield call("list_tasks", args);
            }
            case Intent.CompleteTask c -> withRef("complete_task", c.task(), history,
                    Json.MAPPER.createObjectNode().put("completed", c.completed()));
            case Intent.DeleteTask d -> withRef("delete_task", d.task(), history, Json.MAPPER.createObjectNode());
            case Intent.UpdateTask u -> {
                ObjectNode args = Json.MAPPER.createObjectNode();
                putIf(args, "title", u.title());
                putIf(args, "priority", u.priority() == null ? null : u.priority().wire());
                putIf(args, "due_date", u.dueDate() == null ? null : u.dueDate().toString());
                if (u.clearDueDate()) {
                    args.put("clear_due_date", true);
                }
                if (!u.addTags().isEmpty()) {
                    ArrayNode tags = args.putArray("add_tags");
                    u.addTags().forEach(tags::add);
                }
                yield withRef("update_task", u.task(), history, args);
            }
            case Intent.Pick p -> pick(p.task(), history);
            case Intent.Greeting g -> AiMessage.from(g.thanks() ? ReplyWriter.YOU_ARE_WELCOME : ReplyWriter.GREETING);
            case Intent.Help h -> AiMessage.from(ReplyWriter.HELP);
            case Intent.Unknown u -> AiMessage.from(writer.notUnderstood(u.text()));
        };
    }

    private AiMessage withRef(String tool, TaskRef ref, List<ChatMessage> history, ObjectNode args) {
        return switch (ref) {
            case TaskRef.ById id -> call(tool, args.put("task_id", id.id()));
            case TaskRef.ByTitle t -> call(tool, args.put("title_contains", t.fragment()));
            case TaskRef.ByPosition p -> pendingChoice(history)
                    .flatMap(choice -> choice.candidateId(p.position()))
                    .map(id -> call(tool, args.put("task_id", id)))
                    .orElseGet(() -> AiMessage.from(ReplyWriter.WHICH_TASK));
        };
    }

    /** "#3" / "the second one": the answer to the last "which one do you mean?", if there was one. */
    private AiMessage pick(TaskRef ref, List<ChatMessage> history) {
        Optional<PendingChoice> pending = pendingChoice(history);
        if (pending.isEmpty()) {
            return AiMessage.from(ref instanceof TaskRef.ById id ? ReplyWriter.whatAbout(id.id()) : ReplyWriter.WHICH_TASK);
        }
        PendingChoice choice = pending.get();
        Optional<Long> id = switch (ref) {
            case TaskRef.ById byId -> Optional.of(byId.id());
            case TaskRef.ByPosition p -> choice.candidateId(p.position());
            case TaskRef.ByTitle t -> Optional.empty();
        };
        if (id.isEmpty()) {
            return AiMessage.from(ReplyWriter.WHICH_TASK);
        }
        ObjectNode args = choice.arguments().deepCopy();
        args.remove("title_contains");
        args.put("task_id", id.get());
        return call(choice.tool(), args);
    }

    /** The most recent tool result, if it was an "ambiguous" one, with the call that produced it. */
    private static Optional<PendingChoice> pendingChoice(List<ChatMessage> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i) instanceof ToolExecutionResultMessage result) {
                JsonNode parsed = ToolResult.parse(result.text());
                if (!"ambiguous".equals(parsed.path("error").asText())) {
                    return Optional.empty();
                }
                for (int j = i - 1; j >= 0; j--) {
                    if (history.get(j) instanceof AiMessage ai && ai.hasToolExecutionRequests()) {
                        for (ToolExecutionRequest req : ai.toolExecutionRequests()) {
                            if (req.id() != null && req.id().equals(result.id())) {
                                return Optional.of(new PendingChoice(req.name(), parseArgs(req.arguments()),
                                        parsed.path("candidates")));
                            }
                        }
                    }
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static ObjectNode parseArgs(String arguments) {
        try {
            JsonNode node = Json.MAPPER.readTree(arguments);
            return node instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
        } catch (Exception e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private static AiMessage call(String tool, ObjectNode args) {
        return AiMessage.from(ToolExecutionRequest.builder()
                .id("call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                .name(tool)
                .arguments(args.toString())
                .build());
    }

    private static void putIf(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private record PendingChoice(String tool, ObjectNode arguments, JsonNode candidates) {
        Optional<Long> candidateId(int position) {
            JsonNode c = candidates.path(position - 1);
            return c.has("id") ? Optional.of(c.get("id").asLong()) : Optional.empty();
        }
    }
}
