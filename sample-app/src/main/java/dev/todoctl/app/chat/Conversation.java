package dev.todoctl.app.chat;

import java.time.Instant;

/** A chat conversation as the API lists it. */
public record Conversation(long id, String title, Instant createdAt, Instant updatedAt) {
}
