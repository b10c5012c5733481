package dev.todoctl.app.tasks;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A task as the API returns it (written by {@link TaskJson}). */
@JsonSerialize(using = TaskJson.class)
public record Task(long id,
                   String title,
                   String description,
                   boolean completed,
                   Priority priority,
                   List<String> tags,
                   LocalDate dueDate,
                   Instant createdAt,
                   Instant updatedAt) {
    public Task {
        tags = List.copyOf(tags);
    }
}
