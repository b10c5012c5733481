package dev.todoctl.app.chat.tools;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.todoctl.app.http.ApiException;
import dev.todoctl.app.logging.Logs;
import dev.todoctl.app.tasks.Priority;
import dev.todoctl.app.tasks.Task;
import dev.todoctl.app.tasks.TaskDraft;
import dev.todoctl.app.tasks.TaskPage;
import dev.todoctl.app.tasks.TaskPatch;
import dev.todoctl.app.tasks.TaskQuery;
import dev.todoctl.app.tasks.TaskService;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The five task tools, the one implementation behind both the chat agent (langchain4j reads the {@link Tool}
 * annotations) and MCP ({@code mcp.McpTools} derives its schemas and invocations from the same methods).
 * <p>
 * An instance is bound to one authenticated user: the user id comes from the bearer token, never from tool
 * arguments, so a model (or an MCP client) can only ever reach the caller's own tasks. Every method returns a
 * {@link ToolResult} as JSON and never throws: not found, ambiguity and validation problems become results the
 * model can explain.
 */
public final class TaskTools {
    public static final List<String> NAMES = List.of("add_task", "list_tasks", "complete_task", "delete_task",
            "update_task");
    private static final Logger LOG = Logger.getLogger(TaskTools.class.getName());
    private static final int MAX_CANDIDATES = 10;

    private final TaskService tasks;
    private final long userId;
    private final ToolMetrics metrics;

    public TaskTools(TaskService tasks, long userId, ToolMetrics metrics) {
        this.tasks = tasks;
        this.userId = userId;
        this.metrics = metrics;
    }

    @Tool(name = "add_task", value = "Create a new task on the user's todo list. Returns the created task.")
    public String addTask(
            @P(name = "title", description = "Short title of the task, 1-200 characters") String title,
            @P(name = "description", description = "Optional longer description", required = false) String description,
            @P(name = "priority", description = "low, medium or high (default medium)", required = false) String priority,
            @P(name = "tags", description = "Optional tags without '#', e.g. [\"work\"]", required = false) List<String> tags,
            @P(name = "due_date", description = "Optional due date as YYYY-MM-DD", required = false) String dueDate) {
        return run("add_task", () -> {
            Task t = tasks.create(userId, new TaskDraft(title, description, priority(priority), normalizeTags(tags),
                    date("due_date", dueDate)));
            return ToolResult.ok("Added task #" + t.id() + " \"" + t.title() + "\"" + details(t) + ".",
                    Map.of("task", view(t)));
        });
    }

    @Tool(name = "list_tasks", value = "List the user's tasks, newest first, optionally filtered. Due bounds are "
            + "exclusive: tasks due on D are those with due_after D-1 and due_before D+1.")
    public String listTasks(
            @P(name = "status", description = "pending, completed or all (default all)", required = false) String status,
            @P(name = "priority", description = "Only this priority: low, medium or high", required = false) String priority,
            @P(name = "tag", description = "Only tasks with this tag", required = false) String tag,
            @P(name = "query", description = "Case-insensitive text to search in title and description", required = false)
            String query,
            @P(name = "due_before", description = "Only tasks due before this date (YYYY-MM-DD)", required = false)
            String dueBefore,
            @P(name = "due_after", description = "Only tasks due after this date (YYYY-MM-DD)", required = false)
            String dueAfter,
            @P(name = "limit", description = "Maximum number of tasks to return, 1-100 (default 20)", required = false)
            Integer limit) {
        return run("list_tasks", () -> {
            Boolean completed = switch (status == null ? "all" : status.strip().toLowerCase(Locale.ROOT)) {
                case "", "all", "any" -> null;
                case "pending", "open", "todo" -> Boolean.FALSE;
                case "completed", "done" -> Boolean.TRUE;
                default -> throw invalid("status must be pending, completed or all");
            };
            int max = limit == null ? TaskQuery.DEFAULT_LIMIT : limit;
            if (max < 1 || max > TaskQuery.MAX_LIMIT) {
                throw invalid("limit must be from 1 to " + TaskQuery.MAX_LIMIT);
            }
            String tagFilter = blankToNull(tag) == null ? null : tag.strip().replaceFirst("^#", "");
            TaskQuery q = new TaskQuery(completed, priority(priority), tagFilter, blankToNull(query),
                    date("due_before", dueBefore), date("due_after", dueAfter),
                    TaskQuery.Sort.CREATED_AT, true, max, 0);
            TaskPage page = tasks.list(userId, q);
            String what = (completed == null ? "" : completed ? "completed " : "open ")
                    + (q.priority() == null ? "" : q.priority().wire() + "-priority ")
                    + "task" + (page.total() == 1 ? "" : "s")
                    + (tagFilter == null ? "" : " tagged " + tagFilter)
                    + (q.text() == null ? "" : " matching \"" + q.text() + "\"")
                    + dueRange(q.dueAfter(), q.dueBefore());
            String message = page.total() == 0 ? "No " + what + "."
                    : "Found " + page.total() + " " + what + (page.total() > page.items().size()
                    ? ", showing " + page.items().size() : "") + ".";
            return ToolResult.ok(message, Map.of("total", page.total(),
                    "tasks", page.items().stream().map(TaskTools::view).toList()));
        });
    }

    @Tool(name = "complete_task", value = "Mark a task as done (or, with completed=false, as not done again). "
            + "Identify the task by task_id, or by title_contains when the id is unknown.")
    public String completeTask(
            @P(name = "task_id", description = "Id of the task", required = false) Long taskId,
            @P(name = "title_contains", description = "A fragment of the task's title, when task_id is unknown",
                    required = false) String titleContains,
            @P(name = "completed", description = "true to complete (default), false to reopen", required = false)
            Boolean completed) {
        return run("complete_task", () -> {
            boolean done = completed == null || completed;
            Task t = tasks.complete(userId, resolve(taskId, titleContains, done ? Boolean.FALSE : Boolean.TRUE).id(),
                    done);
            return ToolResult.ok((done ? "Marked task #" + t.id() + " \"" + t.title() + "\" as done."
                    : "Reopened task #" + t.id() + " \"" + t.title() + "\"."), Map.of("task", view(t)));
        });
    }

    @Tool(name = "delete_task", value = "Delete a task for good. Identify it by task_id, or by title_contains.")
    public String deleteTask(
            @P(name = "task_id", description = "Id of the task", required = false) Long taskId,
            @P(name = "title_contains", description = "A fragment of the task's title, when task_id is unknown",
                    required = false) String titleContains) {
        return run("delete_task", () -> {
            Task t = resolve(taskId, titleContains, null);
            tasks.delete(userId, t.id());
            return ToolResult.ok("Deleted task #" + t.id() + " \"" + t.title() + "\".", Map.of("task", view(t)));
        });
    }

    @Tool(name = "update_task", value = "Change a task: its title, description, priority, tags or due date. Only "
            + "the given fields change. Identify the task by task_id, or by title_contains.")
    public String updateTask(
            @P(name = "task_id", description = "Id of the task", required = false) Long taskId,
            @P(name = "title_contains", description = "A fragment of the current title, when task_id is unknown",
                    required = false) String titleContains,
            @P(name = "title", description = "New title", required = false) String title,
            @P(name = "description", description = "New description", required = false) String description,
            @P(name = "priority", description = "New priority: low, medium or high", required = false) String priority,
            @P(name = "tags", description = "Replace all tags with these", required = false) List<String> tags,
            @P(name = "add_tags", description = "Tags to add to the existing ones", required = false) List<String> addTags,
            @P(name = "due_date", description = "New due date as YYYY-MM-DD", required = false) String dueDate,
            @P(name = "clear_due_date", description = "true to remove the due date", required = false)
            Boolean clearDueDate) {
        return run("update_task", () -> {
            Task current = resolve(taskId, titleContains, null);
            TaskPatch patch = TaskPatch.none();
            List<String> changes = new ArrayList<>();
            if (title != null) {
                // A blank title is a mistake to report, not "no change": the call would otherwise succeed while
                // silently keeping the old title.
                if (title.isBlank()) {
                    throw invalid("title must not be blank");
                }
                patch = patch.withTitle(title.strip());
                changes.add("title \"" + title.strip() + "\"");
            }
            if (description != null) {
                patch = patch.withDescription(description);
                changes.add("description");
            }
            if (blankToNull(priority) != null) {
                patch = patch.withPriority(priority(priority));
                changes.add("priority " + patch.priority().wire());
            }
            if (tags != null || (addTags != null && !addTags.isEmpty())) {
                LinkedHashSet<String> merged = new LinkedHashSet<>(tags != null ? normalizeTags(tags) : current.tags());
                if (addTags != null) {
                    merged.addAll(normalizeTags(addTags));
                }
                patch = patch.withTags(List.copyOf(merged));
                changes.add("tags " + (merged.isEmpty() ? "(none)" : String.join(", ", merged)));
            }
            if (Boolean.TRUE.equals(clearDueDate)) {
                patch = patch.withDueDate(null);
                changes.add("no due date");
            } else if (blankToNull(dueDate) != null) {
                patch = patch.withDueDate(date("due_date", dueDate));
                changes.add("due " + patch.dueDate());
            }
            if (patch.isEmpty()) {
                throw invalid("nothing to change: give title, description, priority, tags, add_tags, due_date "
                        + "or clear_due_date");
            }
            Task t = tasks.patch(userId, current.id(), patch);
            String message = changes.size() == 1 && patch.title() != null
                    ? "Renamed task #" + t.id() + " from \"" + current.title() + "\" to \"" + t.title() + "\"."
                    : "Updated task #" + t.id() + " \"" + t.title() + "\": " + String.join(", ", changes) + ".";
            return ToolResult.ok(message, Map.of("task", view(t)));
        });
    }

    /**
     * Finds the one task meant: by id, else by title fragment (an exact title wins; {@code preferCompleted}
     * narrows to pending (FALSE) or completed (TRUE) tasks when that makes the match unique).
     */
    private Task resolve(Long taskId, String titleContains, Boolean preferCompleted) {
        if (taskId != null) {
            if (taskId <= 0) {
                throw new ToolProblem(ToolResult.failed("not_found", "Task #" + taskId + " was not found."));
            }
            return tasks.get(userId, taskId);
        }
        String fragment = blankToNull(titleContains);
        if (fragment == null) {
            throw invalid("give task_id, or title_contains with part of the task's title");
        }
        fragment = fragment.strip();
        TaskPage page = tasks.list(userId, TaskQuery.all().withText(fragment).withLimit(TaskQuery.MAX_LIMIT));
        String needle = fragment.toLowerCase(Locale.ROOT);
        List<Task> byTitle = page.items().stream()
                .filter(t -> t.title().toLowerCase(Locale.ROOT).contains(needle)).toList();
        List<Task> matches = byTitle.isEmpty() ? page.items() : byTitle;
        List<Task> exact = matches.stream().filter(t -> t.title().equalsIgnoreCase(needle)).toList();
        if (exact.size() == 1) {
            return exact.getFirst();
        }
        if (matches.size() > 1 && preferCompleted != null) {
            List<Task> preferred = matches.stream().filter(t -> t.completed() == preferCompleted).toList();
            if (!preferred.isEmpty()) {
                matches = preferred;
            }
        }
        if (matches.size() == 1) {
            return matches.getFirst();
        }
        if (matches.isEmpty()) {
            throw new ToolProblem(ToolResult.failed("not_found", "No task matches \"" + fragment + "\".",
                    Map.of("title_contains", fragment)));
        }
        List<Map<String, Object>> candidates = matches.stream().limit(MAX_CANDIDATES).map(TaskTools::view).toList();
        StringBuilder names = new StringBuilder();
        for (Task t : matches.stream().limit(MAX_CANDIDATES).toList()) {
            names.append(names.isEmpty() ? "" : ", ").append('#').append(t.id()).append(" \"").append(t.title())
                    .append('"');
        }
        throw new ToolProblem(ToolResult.failed("ambiguous", matches.size() + " tasks match \"" + fragment + "\": "
                + names + ". Which one is meant? Call again with its task_id.", Map.of("candidates", candidates)));
    }

    private String run(String tool, Supplier<ToolResult> body) {
        ToolResult result;
        try {
            result = body.get();
        } catch (ToolProblem p) {
            result = p.result;
        } catch (ApiException e) {
            String code = e.code().equals("not_found") ? "not_found" : "validation_failed";
            String message = e.code().equals("not_found") ? capitalize(e.getMessage().replaceFirst("^task (\\d+)",
                    "task #$1")) + "." : "Invalid task: " + e.getMessage() + ".";
            result = ToolResult.failed(code, message, e.details().isEmpty() ? Map.of() : Map.of("details", e.details()));
        } catch (RuntimeException e) {
            Logs.event(LOG, Level.WARNING, "tool failed", Map.of("tool", tool, "error", String.valueOf(e)));
            result = ToolResult.failed("internal_error", "The " + tool + " tool failed unexpectedly; try again.");
        }
        metrics.record(tool, result.ok());
        return result.toJson();
    }

    private static String dueRange(LocalDate after, LocalDate before) {
        if (after != null && before != null && after.plusDays(2).equals(before)) {
            return " due on " + after.plusDays(1);
        }
        if (after != null && before != null) {
            return " due between " + after.plusDays(1) + " and " + before.minusDays(1);
        }
        return (after == null ? "" : " due after " + after) + (before == null ? "" : " due before " + before);
    }

    static Map<String, Object> view(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("title", t.title());
        if (!t.description().isEmpty()) {
            m.put("description", t.description());
        }
        m.put("completed", t.completed());
        m.put("priority", t.priority().wire());
        m.put("tags", t.tags());
        m.put("due_date", t.dueDate() == null ? null : t.dueDate().toString());
        return m;
    }

    private static String details(Task t) {
        List<String> parts = new ArrayList<>();
        if (t.priority() != Priority.MEDIUM) {
            parts.add(t.priority().wire() + " priority");
        }
        if (t.dueDate() != null) {
            parts.add("due " + t.dueDate());
        }
        if (!t.tags().isEmpty()) {
            parts.add("tags " + String.join(", ", t.tags()));
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static Priority priority(String raw) {
        if (blankToNull(raw) == null) {
            return null;
        }
        String p = raw.strip().toLowerCase(Locale.ROOT);
        return Priority.parse(p.equals("normal") ? "medium" : p)
                .orElseThrow(() -> invalid("priority must be low, medium or high, not \"" + raw + "\""));
    }

    private static LocalDate date(String field, String raw) {
        if (blankToNull(raw) == null) {
            return null;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw invalid(field + " must be a date as YYYY-MM-DD, not \"" + raw + "\"");
        }
    }

    private static List<String> normalizeTags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String t : tags) {
            if (t != null && !t.isBlank()) {
                out.add(t.strip().replaceFirst("^#", ""));
            }
        }
        return List.copyOf(out);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static ToolProblem invalid(String message) {
        return new ToolProblem(ToolResult.failed("invalid_arguments", capitalize(message) + "."));
    }

    /** A tool-level failure with its result already decided; never leaves this class. */
    private static final class ToolProblem extends RuntimeException {
        private final transient ToolResult result;

        ToolProblem(ToolResult result) {
            super(result.message(), null, false, false);
            this.result = result;
        }
    }
}
