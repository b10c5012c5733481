package dev.todoctl.validation.compare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.compare.ResponseNormalizer.Mode;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.HttpProbe.Call;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The fixed request sequence of {@code todoctl validate --compare-to}: a client's life through the API — health,
 * signup (and a duplicate), logins, a task created, read, changed, completed, filtered, deleted, error answers, a
 * chat message and its conversation, the served contract. Every run signs up a user of its own ({@code runMarker}
 * in its email and name), so two deployments (or the same one twice) never see each other's data.
 * <p>
 * Chat answers are compared by shape: a deployment may use another model provider, whose words differ.
 */
final class RequestSequence {
    static final String PASSWORD = "Compare-deployments-1";

    /** What one run carries from step to step (each deployment has its own). */
    static final class State {
        final String marker;
        String token;
        String taskId = "0";
        String conversationId = "0";

        State(String marker) {
            this.marker = marker;
        }

        String email() {
            return marker + "@example.com";
        }
    }

    record Step(String name, String method, Function<State, String> path, Function<State, Object> body, boolean auth,
                Mode mode, BiConsumer<State, JsonNode> after) {
        String request(State state) {
            return method + " " + path.apply(state);
        }
    }

    private RequestSequence() {
    }

    static List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        steps.add(get("health", s -> "/health", false));
        steps.add(get("readiness", s -> "/health/ready", false));
        steps.add(new Step("signup", "POST", s -> "/api/v1/auth/signup",
                s -> Map.of("email", s.email(), "password", PASSWORD, "name", "Compare " + s.marker), false, Mode.VALUES,
                (s, json) -> s.token = text(json, "token").orElse(null)));
        steps.add(new Step("signup again (duplicate email)", "POST", s -> "/api/v1/auth/signup",
                s -> Map.of("email", s.email().toUpperCase(java.util.Locale.ROOT), "password", PASSWORD), false, Mode.VALUES, none()));
        steps.add(new Step("login with a wrong password", "POST", s -> "/api/v1/auth/login",
                s -> Map.of("email", s.email(), "password", "wrong-" + PASSWORD), false, Mode.VALUES, none()));
        steps.add(new Step("login", "POST", s -> "/api/v1/auth/login",
                s -> Map.of("email", s.email(), "password", PASSWORD), false, Mode.VALUES,
                (s, json) -> text(json, "token").ifPresent(t -> s.token = t)));
        steps.add(get("me", s -> "/api/v1/auth/me", true));
        steps.add(get("tasks without a token", s -> "/api/v1/tasks", false));
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("title", "compare deployments");
        task.put("description", "made by todoctl validate --compare-to");
        task.put("priority", "high");
        task.put("tags", List.of("compare", "ops"));
        task.put("due_date", "2030-01-15");
        steps.add(new Step("create a task", "POST", s -> "/api/v1/tasks", s -> task, true, Mode.VALUES,
                (s, json) -> text(json, "id").ifPresent(id -> s.taskId = id)));
        steps.add(new Step("create a task without a title", "POST", s -> "/api/v1/tasks",
                s -> Map.of("description", "no title"), true, Mode.VALUES, none()));
        steps.add(get("read the task", s -> "/api/v1/tasks/" + s.taskId, true));
        steps.add(new Step("change its priority", "PATCH", s -> "/api/v1/tasks/" + s.taskId,
                s -> Map.of("priority", "low"), true, Mode.VALUES, none()));
        steps.add(new Step("complete it", "POST", s -> "/api/v1/tasks/" + s.taskId + "/complete", s -> Map.of(), true,
                Mode.VALUES, none()));
        steps.add(get("list completed tasks tagged compare", s -> "/api/v1/tasks?status=completed&tag=compare&sort=title", true));
        steps.add(get("list with a bad filter", s -> "/api/v1/tasks?priority=urgent", true));
        steps.add(get("a task that does not exist", s -> "/api/v1/tasks/2147483647", true));
        steps.add(new Step("chat", "POST", s -> "/api/v1/chat", s -> Map.of("message", "add a task water the plants"), true,
                Mode.SHAPE, (s, json) -> text(json, "conversation_id").ifPresent(id -> s.conversationId = id)));
        steps.add(new Step("conversations", "GET", s -> "/api/v1/conversations", s -> null, true, Mode.SHAPE, none()));
        steps.add(new Step("conversation messages", "GET", s -> "/api/v1/conversations/" + s.conversationId + "/messages",
                s -> null, true, Mode.SHAPE, none()));
        steps.add(new Step("delete the task", "DELETE", s -> "/api/v1/tasks/" + s.taskId, s -> null, true, Mode.VALUES, none()));
        steps.add(get("the deleted task", s -> "/api/v1/tasks/" + s.taskId, true));
        steps.add(get("an unknown route", s -> "/api/v1/does-not-exist", true));
        steps.add(get("the served contract", s -> "/openapi", false));
        return List.copyOf(steps);
    }

    /** Runs every step against one api and returns what it answered, normalised. */
    static List<Observation> run(HttpProbe http, String apiUrl, State state, Optional<String> origin) {
        List<Observation> observations = new ArrayList<>();
        for (Step step : steps()) {
            String path = step.path().apply(state);
            Call call = Call.of(step.method(), apiUrl + path);
            Object body = step.body().apply(state);
            if (body != null) {
                call = call.json(body);
            }
            if (step.auth()) {
                call = call.bearer(state.token);
            }
            if (origin.isPresent()) {
                call = call.header("Origin", origin.get());
            }
            HttpProbe.Reply reply = http.send(call);
            if (reply.json() != null) {
                step.after().accept(state, reply.json());
            }
            String shown = path.replace("/tasks/" + state.taskId, "/tasks/{id}")
                    .replace("/conversations/" + state.conversationId, "/conversations/{id}");
            observations.add(new Observation(step.name(), step.method() + " " + shown, reply.status(),
                    ResponseNormalizer.headers(reply.headers()),
                    ResponseNormalizer.body(reply.body(), reply.json(), reply.contentType(), state.marker,
                            List.of(state.taskId, state.conversationId), step.mode())));
            if (reply.status() < 0 && observations.size() == 1) {
                break; // nothing answers: the rest would only repeat it
            }
        }
        return observations;
    }

    private static Step get(String name, Function<State, String> path, boolean auth) {
        return new Step(name, "GET", path, s -> null, auth, Mode.VALUES, none());
    }

    private static BiConsumer<State, JsonNode> none() {
        return (s, json) -> { };
    }

    private static Optional<String> text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
