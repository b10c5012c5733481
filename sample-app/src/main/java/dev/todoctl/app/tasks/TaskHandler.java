package dev.todoctl.app.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.app.auth.Authenticator;
import dev.todoctl.app.http.ApiException;
import dev.todoctl.app.http.Json;
import dev.todoctl.app.http.PathIds;
import dev.todoctl.app.http.JsonFields;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** {@code /api/v1/tasks}: CRUD, complete, and the filtered, sorted, paged list. */
public final class TaskHandler implements HttpService {
    private final TaskService tasks;
    private final Authenticator auth;

    public TaskHandler(TaskService tasks, Authenticator auth) {
        this.tasks = tasks;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .get("/{id}", this::get)
                .put("/{id}", this::replace)
                .patch("/{id}", this::patch)
                .delete("/{id}", this::delete)
                .post("/{id}/complete", this::complete);
    }

    private void list(ServerRequest req, ServerResponse res) {
        long user = auth.require(req).userId();
        Json.ok(res, tasks.list(user, query(req.query())));
    }

    private void create(ServerRequest req, ServerResponse res) {
        long user = auth.require(req).userId();
        JsonFields body = new JsonFields(Json.readObject(req, false));
        Json.send(res, Status.CREATED_201, tasks.create(user, draft(body)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        long user = auth.require(req).userId();
        Json.ok(res, tasks.get(user, PathIds.require(req, "task")));
    }

    private void replace(ServerRequest req, ServerResponse res) {
        long user = auth.require(req).userId();
        long id = PathIds.require(req, "task");
        JsonFields body = new JsonFields(Json.readObject(req, false));
        Json.ok(res, tasks.replace(user, id, draft(body), body.bool("completed")));
    }

    private void patch(ServerRequest req, ServerResponse res) {
        long user = auth.require(req).userId();
        long id = PathIds.require(req, "task");
        JsonFields body = new JsonFields(Json.readObject(req, false));
        Json.ok(res, tasks.patch(user, id, patchOf(body)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        long user = auth.require(req).userId();
        tasks.delete(user, PathIds.require(req, "task"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void complete(ServerRequest req, ServerResponse res) {
        long user = auth.require(req).userId();
        long id = PathIds.require(req, "task");
        JsonNode node = Json.readObject(req, true);
        Boolean completed = new JsonFields(node).bool("completed");
        Json.ok(res, tasks.complete(user, id, completed == null || completed));
    }

    static TaskDraft draft(JsonFields body) {
        return new TaskDraft(body.requiredString("title"), body.string("description"), priority(body),
                body.strings("tags"), body.date("due_date"));
    }

    static TaskPatch patchOf(JsonFields body) {
        TaskPatch p = TaskPatch.none();
        if (body.has("title")) {
            p = p.withTitle(body.requiredString("title"));
        }
        if (body.has("description")) {
            String d = body.string("description");
            p = p.withDescription(d == null ? "" : d);
        }
        if (body.has("priority")) {
            if (body.isNull("priority")) {
                throw ApiException.validation("priority", "must be one of low, medium, high");
            }
            p = p.withPriority(priority(body));
        }
        if (body.has("tags")) {
            var tags = body.strings("tags");
            p = p.withTags(tags == null ? java.util.List.of() : tags);
        }
        if (body.has("due_date")) {
            p = p.withDueDate(body.date("due_date"));
        }
        if (body.has("completed")) {
            Boolean c = body.bool("completed");
            if (c == null) {
                throw ApiException.validation("completed", "must be true or false");
            }
            p = p.withCompleted(c);
        }
        return p;
    }

    private static Priority priority(JsonFields body) {
        String raw = body.string("priority");
        if (raw == null) {
            return null;
        }
        return Priority.parse(raw).orElseThrow(() ->
                ApiException.validation("priority", "must be one of low, medium, high"));
    }


    static TaskQuery query(UriQuery q) {
        for (String name : q.names()) {
            if (q.all(name).stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                throw ApiException.badRequest(name + " must not contain the NUL character");
            }
        }
        Boolean completed = param(q, "status").map(s -> switch (s) {
            case "pending" -> Boolean.FALSE;
            case "completed" -> Boolean.TRUE;
            default -> throw ApiException.badRequest("status must be pending or completed");
        }).orElse(null);
        Priority priority = param(q, "priority").map(s -> Priority.parse(s).orElseThrow(() ->
                ApiException.badRequest("priority must be low, medium or high"))).orElse(null);
        String tag = param(q, "tag").filter(s -> !s.isEmpty()).orElse(null);
        String text = param(q, "q").filter(s -> !s.isEmpty()).orElse(null);
        TaskQuery.Sort sort = param(q, "sort").map(s -> switch (s) {
            case "created_at" -> TaskQuery.Sort.CREATED_AT;
            case "due_date" -> TaskQuery.Sort.DUE_DATE;
            case "priority" -> TaskQuery.Sort.PRIORITY;
            case "title" -> TaskQuery.Sort.TITLE;
            default -> throw ApiException.badRequest("sort must be created_at, due_date, priority or title");
        }).orElse(TaskQuery.Sort.CREATED_AT);
        boolean descending = param(q, "order").map(s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw ApiException.badRequest("order must be asc or desc");
        }).orElse(sort == TaskQuery.Sort.CREATED_AT);
        int limit = intParam(q, "limit", TaskQuery.DEFAULT_LIMIT, 1, TaskQuery.MAX_LIMIT);
        int offset = intParam(q, "offset", 0, 0, Integer.MAX_VALUE);
        return new TaskQuery(completed, priority, tag, text, dateParam(q, "due_before"), dateParam(q, "due_after"),
                sort, descending, limit, offset);
    }

    /**
     * Reads a query parameter without {@code UriQuery.first}, whose mapper-backed {@code OptionalValue} looks up
     * Helidon's mapper registry on every call (it showed as the top frame of a GET /tasks profile).
     */
    private static java.util.Optional<String> param(UriQuery q, String name) {
        return q.contains(name) ? java.util.Optional.of(q.get(name)) : java.util.Optional.empty();
    }

    private static int intParam(UriQuery q, String name, int fallback, int min, int max) {
        var raw = param(q, name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.get());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.badRequest(name + " must be an integer from " + min + " to " + max);
    }

    private static LocalDate dateParam(UriQuery q, String name) {
        var raw = param(q, name);
        if (raw.isEmpty()) {
            return null;
        }
        try {
            if (raw.get().length() == 10) {
                return LocalDate.parse(raw.get());
            }
        } catch (DateTimeParseException e) {
            // fall through
        }
        throw ApiException.badRequest(name + " must be a date as YYYY-MM-DD");
    }
}
