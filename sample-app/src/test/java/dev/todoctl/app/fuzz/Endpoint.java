package dev.todoctl.app.fuzz;

import java.util.Set;

/** Every operation of the api contract (and MCP), with what the contract allows it to answer. */
enum Endpoint {
    SIGNUP("POST", "/api/v1/auth/signup", BodyKind.SIGNUP, false, Set.of(201, 409)),
    LOGIN("POST", "/api/v1/auth/login", BodyKind.LOGIN, false, Set.of(200)),
    ME("GET", "/api/v1/auth/me", BodyKind.NONE, true, Set.of(200)),
    LIST_TASKS("GET", "/api/v1/tasks", BodyKind.NONE, true, Set.of(200)),
    CREATE_TASK("POST", "/api/v1/tasks", BodyKind.TASK, true, Set.of(201)),
    GET_TASK("GET", "/api/v1/tasks/{id}", BodyKind.NONE, true, Set.of(200)),
    REPLACE_TASK("PUT", "/api/v1/tasks/{id}", BodyKind.TASK, true, Set.of(200)),
    PATCH_TASK("PATCH", "/api/v1/tasks/{id}", BodyKind.TASK, true, Set.of(200)),
    DELETE_TASK("DELETE", "/api/v1/tasks/{id}", BodyKind.NONE, true, Set.of(204)),
    COMPLETE_TASK("POST", "/api/v1/tasks/{id}/complete", BodyKind.COMPLETE, true, Set.of(200)),
    CHAT("POST", "/api/v1/chat", BodyKind.CHAT, true, Set.of(200)),
    LIST_CONVERSATIONS("GET", "/api/v1/conversations", BodyKind.NONE, true, Set.of(200)),
    MESSAGES("GET", "/api/v1/conversations/{id}/messages", BodyKind.NONE, true, Set.of(200)),
    DELETE_CONVERSATION("DELETE", "/api/v1/conversations/{id}", BodyKind.NONE, true, Set.of(204)),
    MCP("POST", "/mcp", BodyKind.MCP, true, Set.of(200, 202)),
    HEALTH("GET", "/health", BodyKind.NONE, false, Set.of(200)),
    READY("GET", "/health/ready", BodyKind.NONE, false, Set.of(200)),
    OPENAPI("GET", "/openapi", BodyKind.NONE, false, Set.of(200)),
    /** A path no route serves, built from hostile segments. */
    NO_ROUTE("GET", "/api/v1/{id}", BodyKind.NONE, false, Set.of());

    enum BodyKind { NONE, SIGNUP, LOGIN, TASK, COMPLETE, CHAT, MCP }

    final String method;
    final String path;
    final BodyKind body;
    final boolean needsAuth;
    final Set<Integer> success;

    Endpoint(String method, String path, BodyKind body, boolean needsAuth, Set<Integer> success) {
        this.method = method;
        this.path = path;
        this.body = body;
        this.needsAuth = needsAuth;
        this.success = success;
    }

    boolean readsBody() {
        return body != BodyKind.NONE;
    }

    boolean hasPathId() {
        return path.contains("{id}");
    }

    boolean pathIdIsConversation() {
        return this == MESSAGES || this == DELETE_CONVERSATION;
    }
}
