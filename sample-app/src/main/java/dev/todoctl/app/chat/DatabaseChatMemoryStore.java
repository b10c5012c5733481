package dev.todoctl.app.chat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.todoctl.app.chat.tools.ToolResult;

import dev.todoctl.app.logging.Logs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The chat memory of one conversation, kept in {@code chat_messages}; one instance serves one request.
 * <p>
 * The table is an append-only log (the full history the API shows), while {@code MessageWindowChatMemory} works
 * on a sliding window of it and hands back the whole window on every update. The messages this store loaded or
 * already saved are remembered by identity, so each update appends exactly the messages that are new — no
 * rewriting, nothing lost when the window slides, and another replica continuing the conversation later simply
 * reads the log. System messages are kept for the request but not stored: the agent supplies a fresh one
 * (with today's date) on each request.
 */
final class DatabaseChatMemoryStore implements ChatMemoryStore {
    private static final Logger LOG = Logger.getLogger(DatabaseChatMemoryStore.class.getName());

    private final ChatRepository repository;
    private final long conversationId;
    private final int window;
    private final Set<ChatMessage> known = Collections.newSetFromMap(new IdentityHashMap<>());
    private List<ChatMessage> current;

    DatabaseChatMemoryStore(ChatRepository repository, long conversationId, int window) {
        this.repository = repository;
        this.conversationId = conversationId;
        this.window = window;
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        if (current == null) {
            List<ChatMessage> loaded = new ArrayList<>();
            for (StoredMessage m : repository.recent(conversationId, window)) {
                try {
                    loaded.add(ChatMessageDeserializer.messageFromJson(m.payload()));
                } catch (RuntimeException e) {
                    // an unreadable row (e.g. written by an incompatible version) must not break the conversation
                    Logs.event(LOG, Level.WARNING, "chat message skipped from memory", Map.of(
                            "conversation_id", conversationId, "message_id", m.id(), "error", String.valueOf(e)));
                }
            }
            // a window cut in the middle of a tool exchange would start with orphans: begin at a user message
            while (!loaded.isEmpty() && !(loaded.getFirst() instanceof UserMessage)) {
                loaded.removeFirst();
            }
            known.addAll(loaded);
            current = loaded;
        }
        return new ArrayList<>(current);
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        List<ChatMessage> kept = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            if (known.add(m) && !(m instanceof SystemMessage)) {
                repository.append(conversationId, role(m), content(m), ChatMessageSerializer.messageToJson(m));
            }
            kept.add(m);
        }
        current = kept;
    }

    @Override
    public void deleteMessages(Object memoryId) {
        current = new ArrayList<>();
    }

    static String role(ChatMessage m) {
        return switch (m) {
            case UserMessage u -> "user";
            case AiMessage a -> "assistant";
            case ToolExecutionResultMessage t -> "tool";
            default -> "other";
        };
    }

    /** The text the API shows: AI messages that only request tools have none (and are hidden). */
    static String content(ChatMessage m) {
        return switch (m) {
            case UserMessage u -> u.hasSingleText() ? u.singleText() : String.valueOf(u.contents());
            case AiMessage a -> a.text() == null ? "" : a.text();
            case ToolExecutionResultMessage t -> t.toolName() + ": " + ToolResult.parse(t.text()).path("message").asText();
            default -> "";
        };
    }
}
