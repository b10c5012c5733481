package dev.todoctl.app.tasks;

import java.util.Optional;

/** Storage of tasks, always scoped to one owner: another owner's id behaves exactly like a missing one. */
public interface TaskRepository {
    Task insert(long ownerId, TaskDraft draft);

    Optional<Task> find(long ownerId, long id);

    TaskPage list(long ownerId, TaskQuery query);

    /** Full replace of the writable fields; {@code completed} changes only when non-null. */
    Optional<Task> replace(long ownerId, long id, TaskDraft draft, Boolean completed);

    Optional<Task> patch(long ownerId, long id, TaskPatch patch);

    boolean delete(long ownerId, long id);
}
