package dev.todoctl.app.tasks;

import java.time.LocalDate;

/** List filters, sort and paging (the query parameters of {@code GET /api/v1/tasks}); null means "no filter". */
public record TaskQuery(Boolean completed,
                        Priority priority,
                        String tag,
                        String text,
                        LocalDate dueBefore,
                        LocalDate dueAfter,
                        Sort sort,
                        boolean descending,
                        int limit,
                        int offset) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public enum Sort { CREATED_AT, DUE_DATE, PRIORITY, TITLE }

    /** Everything, newest first, first page. */
    public static TaskQuery all() {
        return new TaskQuery(null, null, null, null, null, null, Sort.CREATED_AT, true, DEFAULT_LIMIT, 0);
    }

    public TaskQuery withCompleted(Boolean c) {
        return new TaskQuery(c, priority, tag, text, dueBefore, dueAfter, sort, descending, limit, offset);
    }

    public TaskQuery withPriority(Priority p) {
        return new TaskQuery(completed, p, tag, text, dueBefore, dueAfter, sort, descending, limit, offset);
    }

    public TaskQuery withTag(String t) {
        return new TaskQuery(completed, priority, t, text, dueBefore, dueAfter, sort, descending, limit, offset);
    }

    public TaskQuery withText(String q) {
        return new TaskQuery(completed, priority, tag, q, dueBefore, dueAfter, sort, descending, limit, offset);
    }

    public TaskQuery withLimit(int l) {
        return new TaskQuery(completed, priority, tag, text, dueBefore, dueAfter, sort, descending, l, offset);
    }
}
