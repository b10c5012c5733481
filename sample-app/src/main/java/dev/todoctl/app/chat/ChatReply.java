package dev.todoctl.app.chat;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The body of {@code POST /api/v1/chat}. */
public record ChatReply(long conversationId, String reply, List<ToolCall> toolCalls) {
    public ChatReply {
        toolCalls = List.copyOf(toolCalls);
    }

    /** One tool the agent ran: its arguments (a JSON object) and the one-line summary of its result. */
    public record ToolCall(String name, JsonNode arguments, String result) {
    }
}
