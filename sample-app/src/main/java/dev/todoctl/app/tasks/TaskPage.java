package dev.todoctl.app.tasks;

import java.util.List;

/** One page of a task list; {@code total} counts every match, ignoring limit and offset. */
public record TaskPage(List<Task> items, long total, int limit, int offset) {
    public TaskPage {
        items = List.copyOf(items);
    }
}
