package dev.todoctl.app.tasks;

import java.time.LocalDate;
import java.util.List;

/**
 * The writable fields of a task, already validated by {@link TaskRules}: used for create and for PUT (full
 * replace, where omitted optional fields are back at their defaults).
 */
public record TaskDraft(String title, String description, Priority priority, List<String> tags, LocalDate dueDate) {
    public TaskDraft {
        description = description == null ? "" : description;
        priority = priority == null ? Priority.MEDIUM : priority;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static TaskDraft titled(String title) {
        return new TaskDraft(title, null, null, null, null);
    }
}
