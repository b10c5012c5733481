package dev.todoctl.app.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * One row of {@code chat_messages}: {@code role} and {@code content} are what the API shows; {@code payload} is
 * the agent's own serialised message (tool requests and ids included), from which the chat memory is rebuilt.
 */
public record StoredMessage(@JsonIgnore long id, String role, String content, @JsonIgnore String payload,
                            Instant createdAt) {
}
