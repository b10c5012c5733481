package dev.todoctl.app.tasks;

import java.time.LocalDate;
import java.util.List;

/**
 * A partial update: a {@code null} component means "leave alone". The due date needs a separate flag
 * because {@code due_date: null} in a PATCH means "clear it".
 */
public record TaskPatch(String title,
                        String description,
                        Priority priority,
                        List<String> tags,
                        boolean dueDateGiven,
                        LocalDate dueDate,
                        Boolean completed) {
    public TaskPatch {
        tags = tags == null ? null : List.copyOf(tags);
    }

    public static TaskPatch none() {
        return new TaskPatch(null, null, null, null, false, null, null);
    }

    public TaskPatch withTitle(String t) {
        return new TaskPatch(t, description, priority, tags, dueDateGiven, dueDate, completed);
    }

    public TaskPatch withDescription(String d) {
        return new TaskPatch(title, d, priority, tags, dueDateGiven, dueDate, completed);
    }

    public TaskPatch withPriority(Priority p) {
        return new TaskPatch(title, description, p, tags, dueDateGiven, dueDate, completed);
    }

    public TaskPatch withTags(List<String> t) {
        return new TaskPatch(title, description, priority, t, dueDateGiven, dueDate, completed);
    }

    public TaskPatch withDueDate(LocalDate d) {
        return new TaskPatch(title, description, priority, tags, true, d, completed);
    }

    public TaskPatch withCompleted(Boolean c) {
        return new TaskPatch(title, description, priority, tags, dueDateGiven, dueDate, c);
    }

    public boolean isEmpty() {
        return title == null && description == null && priority == null && tags == null && !dueDateGiven
                && completed == null;
    }
}
