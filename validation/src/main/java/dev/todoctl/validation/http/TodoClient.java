package dev.todoctl.validation.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The todo API's calls, by name, over {@link HttpProbe}: what scenarios and contract fixtures use to create
 * their own users and data. Every user it creates has a unique throw-away email, so runs never collide.
 */
public final class TodoClient {
    private final HttpProbe http;
    private final AtomicInteger rpcIds = new AtomicInteger();
    private final String base;

    public TodoClient(HttpProbe http, String apiUrl) {
        this.http = http;
        this.base = apiUrl;
    }

    public HttpProbe http() {
        return http;
    }

    public String url(String path) {
        return base + path;
    }

    /** A signed-up user; the password is generated and never logged (the redactor masks it). */
    public record User(long id, String email, String password, String token) {
    }

    public static String uniqueEmail(String purpose) {
        return "todoctl-" + purpose + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                + "@example.com";
    }

    public HttpProbe.Reply signupReply(String email, String password, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("password", password);
        if (name != null) {
            body.put("name", name);
        }
        return http.send(HttpProbe.Call.of("POST", url("/api/v1/auth/signup")).json(body));
    }

    /** Signs up a fresh user or throws {@link IllegalStateException} with the exchange. */
    public User signup(String purpose) {
        String email = uniqueEmail(purpose);
        String password = "pw-" + UUID.randomUUID();
        HttpProbe.Reply r = signupReply(email, password, "todoctl " + purpose);
        if (r.status() != 201 || r.json() == null) {
            throw new IllegalStateException("signup failed:\n" + r.exchange().describe());
        }
        return new User(r.json().path("user").path("id").asLong(), email, password, r.json().path("token").asText());
    }

    public HttpProbe.Reply login(String email, String password) {
        return http.send(HttpProbe.Call.of("POST", url("/api/v1/auth/login"))
                .json(Map.of("email", email, "password", password)));
    }

    public HttpProbe.Reply get(String path, String token) {
        return http.send(HttpProbe.Call.get(url(path)).bearer(token));
    }

    public HttpProbe.Reply send(String method, String path, String token, Object body) {
        HttpProbe.Call call = HttpProbe.Call.of(method, url(path)).bearer(token);
        return http.send(body == null ? call : call.json(body));
    }

    public HttpProbe.Reply createTaskReply(String token, Map<String, Object> body) {
        return send("POST", "/api/v1/tasks", token, body);
    }

    /** Creates a task and returns its JSON, or throws with the exchange. */
    public JsonNode createTask(String token, Map<String, Object> body) {
        HttpProbe.Reply r = createTaskReply(token, body);
        if (r.status() != 201 || r.json() == null) {
            throw new IllegalStateException("creating a task failed:\n" + r.exchange().describe());
        }
        return r.json();
    }

    public HttpProbe.Reply chat(String token, String message, Long conversationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (conversationId != null) {
            body.put("conversation_id", conversationId);
        }
        return send("POST", "/api/v1/chat", token, body);
    }

    public HttpProbe.Reply mcp(String token, String method, Object params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("id", rpcIds.incrementAndGet());
        body.put("method", method);
        if (params != null) {
            body.put("params", params);
        }
        return send("POST", "/mcp", token, body);
    }

    /** Best effort: removes the user's tasks and conversations (the API has no account deletion). */
    public void cleanUp(User user) {
        for (int page = 0; page < 20; page++) {
            HttpProbe.Reply r = get("/api/v1/tasks?limit=100", user.token());
            if (r.json() == null || r.json().path("items").isEmpty()) {
                break;
            }
            for (JsonNode t : r.json().path("items")) {
                send("DELETE", "/api/v1/tasks/" + t.path("id").asLong(), user.token(), null);
            }
        }
        HttpProbe.Reply convs = get("/api/v1/conversations", user.token());
        if (convs.json() != null) {
            for (JsonNode c : convs.json().path("items")) {
                send("DELETE", "/api/v1/conversations/" + c.path("id").asLong(), user.token(), null);
            }
        }
    }
}
