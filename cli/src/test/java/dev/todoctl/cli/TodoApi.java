package dev.todoctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny client of the deployed app's API (through the web proxy), as a user would use it. */
public final class TodoApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public TodoApi(String base) {
        this.base = base;
    }

    public record Answer(int status, JsonNode body) {
    }

    public Answer call(String method, String path, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Answer(response.statusCode(), body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body));
    }

    /** Signs up (or logs in when the user exists) and returns the token; null when login is refused. */
    public String login(String email, String password, boolean signup) throws IOException, InterruptedException {
        String creds = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
        Answer answer = call("POST", signup ? "/api/v1/auth/signup" : "/api/v1/auth/login", null, creds);
        return answer.status() / 100 == 2 ? answer.body().get("token").asText() : null;
    }

    public int createTask(String token, String title) throws IOException, InterruptedException {
        return call("POST", "/api/v1/tasks", token, "{\"title\":\"" + title + "\"}").status();
    }

    public JsonNode tasks(String token) throws IOException, InterruptedException {
        return call("GET", "/api/v1/tasks", token, null).body();
    }
}
