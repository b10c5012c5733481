package dev.todoctl.app.tasks;

import dev.todoctl.app.http.ApiException;

/**
 * The task use cases shared by REST, the chat agent's tools and MCP: every entry point validates the same
 * way and treats a foreign id exactly like a missing one (404, never 403).
 */
public final class TaskService {
    private final TaskRepository repository;

    public TaskService(TaskRepository repository) {
        this.repository = repository;
    }

    public Task create(long userId, TaskDraft draft) {
        return repository.insert(userId, TaskRules.check(draft));
    }

    public Task get(long userId, long id) {
        return repository.find(userId, id).orElseThrow(() -> notFound(id));
    }

    public TaskPage list(long userId, TaskQuery query) {
        return repository.list(userId, query);
    }

    public Task replace(long userId, long id, TaskDraft draft, Boolean completed) {
        return repository.replace(userId, id, TaskRules.check(draft), completed).orElseThrow(() -> notFound(id));
    }

    public Task patch(long userId, long id, TaskPatch patch) {
        TaskRules.check(patch);
        if (patch.isEmpty()) {
            return get(userId, id);
        }
        return repository.patch(userId, id, patch).orElseThrow(() -> notFound(id));
    }

    public Task complete(long userId, long id, boolean completed) {
        return patch(userId, id, TaskPatch.none().withCompleted(completed));
    }

    public void delete(long userId, long id) {
        if (!repository.delete(userId, id)) {
            throw notFound(id);
        }
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("task " + id + " not found");
    }
}
