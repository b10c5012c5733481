package dev.todoctl.app.tasks;

import dev.todoctl.app.http.ApiException;

import java.util.HashSet;
import java.util.List;

/** The field rules of the api's contract; lengths count Unicode code points, so emoji and CJK count as one each. */
public final class TaskRules {
    public static final int TITLE_MAX = 200;
    public static final int DESCRIPTION_MAX = 2000;
    public static final int TAGS_MAX = 10;
    public static final int TAG_MAX = 32;

    private TaskRules() {
    }

    public static TaskDraft check(TaskDraft d) {
        checkTitle(d.title());
        checkDescription(d.description());
        checkTags(d.tags());
        return d;
    }

    public static TaskPatch check(TaskPatch p) {
        if (p.title() != null) {
            checkTitle(p.title());
        }
        if (p.description() != null) {
            checkDescription(p.description());
        }
        if (p.tags() != null) {
            checkTags(p.tags());
        }
        return p;
    }

    static void checkTitle(String title) {
        if (title == null) {
            throw ApiException.validation("title", "is required");
        }
        if (title.isBlank()) {
            throw ApiException.validation("title", "must not be blank");
        }
        if (length(title) > TITLE_MAX) {
            throw ApiException.validation("title", "must be at most " + TITLE_MAX + " characters");
        }
    }

    static void checkDescription(String description) {
        if (length(description) > DESCRIPTION_MAX) {
            throw ApiException.validation("description", "must be at most " + DESCRIPTION_MAX + " characters");
        }
    }

    static void checkTags(List<String> tags) {
        if (tags.size() > TAGS_MAX) {
            throw ApiException.validation("tags", "at most " + TAGS_MAX + " tags are allowed");
        }
        var seen = new HashSet<String>();
        for (String tag : tags) {
            if (tag == null || tag.isBlank()) {
                throw ApiException.validation("tags", "tags must be non-empty strings");
            }
            if (length(tag) > TAG_MAX) {
                throw ApiException.validation("tags", "each tag must be at most " + TAG_MAX + " characters");
            }
            if (!seen.add(tag)) {
                throw ApiException.validation("tags", "duplicate tag '" + tag + "'");
            }
        }
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
