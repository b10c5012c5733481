package dev.todoctl.validation.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.http.TodoClient;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.todoctl.validation.scenario.ScenarioContext.expect;
import static dev.todoctl.validation.scenario.ScenarioContext.expectEquals;
import static dev.todoctl.validation.scenario.ScenarioContext.expectError;
import static dev.todoctl.validation.scenario.ScenarioContext.expectJson;
import static dev.todoctl.validation.scenario.ScenarioContext.expectStatus;

/**
 * 3: task CRUD with the exact semantics of the contract — defaults, PUT resets, PATCH leaves alone, complete and
 * uncomplete, every filter, search, every sort (null due dates last, ties by id), paging and total.
 */
final class TasksScenario implements Scenario {
    private static final String TASKS = "/api/v1/tasks";

    @Override
    public String id() {
        return "tasks";
    }

    @Override
    public String title() {
        return "e2e 3: tasks";
    }

    @Override
    public void run(ScenarioContext ctx) {
        TodoClient api = ctx.api();
        TodoClient.User u = ctx.user("tasks");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // Five tasks created in this order; the default sort is created_at desc (ties by id), so E..A.
        Map<String, Long> id = new LinkedHashMap<>();
        boolean created = ctx.check("create tasks (201, defaults filled in)", () -> {
            id.put("A", create(api, u, task("Alpha report", "quarterly numbers", "high", List.of("work"), today.plusDays(5))));
            id.put("B", create(api, u, task("beta groceries", null, "low", List.of("home"), today.plusDays(1))));
            id.put("C", create(api, u, task("Charlie call", null, "medium", List.of("work", "phone"), null)));
            JsonNode d = expectJson(api.createTaskReply(u.token(), Map.of("title", "delta ZEBRA",
                    "due_date", today.plusDays(10).toString())), 201);
            expectEquals("medium", d.path("priority").asText(), "default priority");
            expectEquals("", d.path("description").asText(null), "default description");
            expect(d.path("tags").isArray() && d.path("tags").isEmpty(), () -> "default tags must be [], got " + d.path("tags"));
            expectEquals(false, d.path("completed").asBoolean(true), "new task completed");
            expect(d.hasNonNull("created_at") && d.hasNonNull("updated_at"), () -> "timestamps missing: " + d);
            id.put("D", d.path("id").asLong());
            JsonNode e = expectJson(api.createTaskReply(u.token(), task("echo cleanup", "remember the zebra", "low",
                    null, null)), 201);
            expect(e.has("due_date") && e.get("due_date").isNull(), () -> "due_date must be present and null: " + e);
            id.put("E", e.path("id").asLong());
        });
        if (!created) {
            return;
        }
        ctx.check("get by id returns the task", () -> {
            JsonNode a = expectJson(api.get(TASKS + "/" + id.get("A"), u.token()), 200);
            expectEquals("Alpha report", a.path("title").asText(), "title");
            expectEquals("high", a.path("priority").asText(), "priority");
            expectEquals(today.plusDays(5).toString(), a.path("due_date").asText(), "due_date");
            expectEquals(List.of("work"), strings(a.path("tags")), "tags");
        });
        long scratch = create(api, u, task("scratch", "to be replaced", "high", List.of("x"), today.plusDays(3)));
        ctx.check("PUT replaces: omitted fields return to defaults, completed unchanged", () -> {
            expectJson(api.send("POST", TASKS + "/" + scratch + "/complete", u.token(), null), 200);
            JsonNode t = expectJson(api.send("PUT", TASKS + "/" + scratch, u.token(), Map.of("title", "scratch 2")), 200);
            expectEquals("scratch 2", t.path("title").asText(), "title");
            expectEquals("", t.path("description").asText(null), "description");
            expectEquals("medium", t.path("priority").asText(), "priority");
            expectEquals(List.of(), strings(t.path("tags")), "tags");
            expect(t.get("due_date") != null && t.get("due_date").isNull(), () -> "due_date not reset: " + t);
            expectEquals(true, t.path("completed").asBoolean(), "completed (not given, must stay)");
        });
        ctx.check("PATCH changes only the given fields; due_date null clears", () -> {
            api.send("PATCH", TASKS + "/" + scratch, u.token(), Map.of("description", "kept", "tags", List.of("t1"),
                    "due_date", today.plusDays(2).toString()));
            JsonNode t = expectJson(api.send("PATCH", TASKS + "/" + scratch, u.token(), Map.of("priority", "low")), 200);
            expectEquals("low", t.path("priority").asText(), "priority");
            expectEquals("scratch 2", t.path("title").asText(), "title");
            expectEquals("kept", t.path("description").asText(), "description");
            expectEquals(List.of("t1"), strings(t.path("tags")), "tags");
            expectEquals(today.plusDays(2).toString(), t.path("due_date").asText(), "due_date");
            Map<String, Object> clear = new LinkedHashMap<>();
            clear.put("due_date", null);
            JsonNode c = expectJson(api.send("PATCH", TASKS + "/" + scratch, u.token(), clear), 200);
            expect(c.get("due_date") != null && c.get("due_date").isNull(), () -> "due_date not cleared: " + c);
            JsonNode p = expectJson(api.send("PATCH", TASKS + "/" + scratch, u.token(), Map.of("completed", false)), 200);
            expectEquals(false, p.path("completed").asBoolean(true), "completed via PATCH");
        });
        ctx.check("complete, uncomplete, complete again", () -> {
            String path = TASKS + "/" + id.get("A") + "/complete";
            expectEquals(true, expectJson(api.send("POST", path, u.token(), null), 200).path("completed").asBoolean(),
                    "completed after complete");
            expectEquals(false, expectJson(api.send("POST", path, u.token(), Map.of("completed", false)), 200)
                    .path("completed").asBoolean(true), "completed after {completed:false}");
            expectEquals(true, expectJson(api.send("POST", path, u.token(), Map.of("completed", true)), 200)
                    .path("completed").asBoolean(), "completed after {completed:true}");
            expectEquals(true, expectJson(api.get(TASKS + "/" + id.get("A"), u.token()), 200)
                    .path("completed").asBoolean(), "completed as read back");
        });
        ctx.check("delete: 204, then 404, delete again 404", () -> {
            expectStatus(api.send("DELETE", TASKS + "/" + scratch, u.token(), null), 204);
            expectError(api.get(TASKS + "/" + scratch, u.token()), 404, "not_found");
            expectError(api.send("DELETE", TASKS + "/" + scratch, u.token(), null), 404, "not_found");
        });
        String d1 = today.plusDays(6).toString();
        String d4 = today.plusDays(4).toString();
        Map<String, List<String>> filters = new LinkedHashMap<>();
        filters.put("", List.of("E", "D", "C", "B", "A"));
        filters.put("status=completed", List.of("A"));
        filters.put("status=pending", List.of("E", "D", "C", "B"));
        filters.put("priority=low", List.of("E", "B"));
        filters.put("priority=high", List.of("A"));
        filters.put("tag=work", List.of("C", "A"));
        filters.put("q=ZeBrA", List.of("E", "D"));
        filters.put("q=quarterly", List.of("A"));
        filters.put("due_before=" + d1, List.of("B", "A"));
        filters.put("due_after=" + d4, List.of("D", "A"));
        filters.put("status=pending&tag=work", List.of("C"));
        filters.put("sort=title&order=asc", List.of("A", "B", "C", "D", "E"));
        filters.put("sort=title&order=desc", List.of("E", "D", "C", "B", "A"));
        filters.put("sort=priority&order=desc", List.of("A", "D", "C", "E", "B"));
        filters.put("sort=priority&order=asc", List.of("B", "E", "C", "D", "A"));
        filters.put("sort=due_date&order=asc", List.of("B", "A", "D", "C", "E"));
        filters.put("sort=due_date&order=desc", List.of("D", "A", "B", "E", "C"));
        filters.put("sort=created_at&order=asc", List.of("A", "B", "C", "D", "E"));
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            String query = f.getKey();
            String name = query.isEmpty() ? "default order is created_at desc" : "list ?" + query;
            ctx.check(name, () -> {
                JsonNode page = expectJson(api.get(TASKS + (query.isEmpty() ? "" : "?" + query), u.token()), 200);
                List<String> got = letters(page.path("items"), id);
                expectEquals(f.getValue(), got, "tasks (by letter) for ?" + query);
                expectEquals(f.getValue().size(), page.path("total").asInt(-1), "total for ?" + query);
            });
        }
        ctx.check("paging: limit/offset pages add up to the full list, total ignores them", () -> {
            List<String> all = new ArrayList<>();
            for (int offset = 0; offset < 6; offset += 2) {
                JsonNode page = expectJson(api.get(TASKS + "?limit=2&offset=" + offset, u.token()), 200);
                expectEquals(5, page.path("total").asInt(-1), "total at offset " + offset);
                expectEquals(2, page.path("limit").asInt(-1), "limit echoed");
                expectEquals(offset, page.path("offset").asInt(-1), "offset echoed");
                int at = offset;
                expect(page.path("items").size() == Math.min(2, 5 - at),
                        () -> "page at offset " + at + " has " + page.path("items").size() + " items");
                all.addAll(letters(page.path("items"), id));
            }
            expectEquals(List.of("E", "D", "C", "B", "A"), all, "pages concatenated");
            JsonNode dflt = expectJson(api.get(TASKS, u.token()), 200);
            expectEquals(20, dflt.path("limit").asInt(-1), "default limit");
            expectEquals(0, dflt.path("offset").asInt(-1), "default offset");
        });
    }

    static Map<String, Object> task(String title, String description, String priority, List<String> tags,
                                    LocalDate due) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("title", title);
        if (description != null) {
            t.put("description", description);
        }
        if (priority != null) {
            t.put("priority", priority);
        }
        if (tags != null) {
            t.put("tags", tags);
        }
        if (due != null) {
            t.put("due_date", due.toString());
        }
        return t;
    }

    private static long create(TodoClient api, TodoClient.User u, Map<String, Object> body) {
        return expectJson(api.createTaskReply(u.token(), body), 201).path("id").asLong();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> letters(JsonNode items, Map<String, Long> ids) {
        List<String> out = new ArrayList<>();
        for (JsonNode t : items) {
            long tid = t.path("id").asLong();
            out.add(ids.entrySet().stream().filter(e -> e.getValue() == tid).map(Map.Entry::getKey).findFirst()
                    .orElse("?" + tid + ":" + t.path("title").asText()));
        }
        return out;
    }
}
