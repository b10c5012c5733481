package dev.todoctl.validation.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.contract.OpenApiDocument.Operation;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.TodoClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the contract alone cannot say: how to get a valid id for a path parameter, and which request bodies need
 * live data (login needs a real account). Generic by default (POST to the parent collection, read {@code id});
 * the todo API's exceptions are listed here, in one place.
 */
final class ContractFixtures {
    private final TodoClient client;
    private final OpenApiDocument doc;
    private final List<TodoClient.User> users = new ArrayList<>();

    ContractFixtures(TodoClient client, OpenApiDocument doc) {
        this.client = client;
        this.doc = doc;
    }

    TodoClient.User newUser(String purpose) {
        TodoClient.User u = client.signup(purpose);
        users.add(u);
        return u;
    }

    /** The operation's path with every path parameter replaced by an id the user owns. */
    String pathFor(Operation op, TodoClient.User owner) {
        String path = op.path();
        int brace = path.indexOf('{');
        if (brace < 0) {
            return path;
        }
        String collection = path.substring(0, brace - 1);
        long id = idIn(collection, owner);
        return path.replaceAll("\\{[^}]+}", String.valueOf(id));
    }

    /** A fresh resource in {@code collection} owned by {@code owner}; its id. */
    long idIn(String collection, TodoClient.User owner) {
        if (collection.endsWith("/conversations")) {
            // Conversations are created by chatting, not by a POST on the collection.
            HttpProbe.Reply r = client.chat(owner.token(), "hello", null);
            return require(r, "conversation_id");
        }
        Optional<Operation> create = doc.operations().stream()
                .filter(o -> o.method().equals("post") && o.path().equals(collection)).findFirst();
        if (create.isEmpty()) {
            throw new IllegalStateException("no way to create a resource under " + collection);
        }
        JsonNode body = SampleGenerator.sample(doc.flatten(create.get().requestSchema().orElseThrow()));
        HttpProbe.Reply r = client.send("POST", collection, owner.token(), body);
        return require(r, "id");
    }

    private static long require(HttpProbe.Reply r, String field) {
        if (!r.ok() || r.json() == null || !r.json().path(field).canConvertToLong()) {
            throw new IllegalStateException("fixture creation failed:\n" + r.exchange().describe());
        }
        return r.json().path(field).asLong();
    }

    /** A valid body for the operation, or empty when it takes none. */
    Optional<JsonNode> bodyFor(Operation op, TodoClient.User user) {
        if (op.requestSchema().isEmpty()) {
            return Optional.empty();
        }
        return switch (op.operationId()) {
            case "login" -> Optional.of(HttpProbe.JSON.valueToTree(Map.of("email", user.email(),
                    "password", user.password())));
            case "mcp" -> Optional.of(HttpProbe.JSON.valueToTree(Map.of("jsonrpc", "2.0", "id", 1,
                    "method", "ping")));
            case "chat" -> Optional.of(HttpProbe.JSON.valueToTree(Map.of("message", "hello")));
            default -> Optional.of(SampleGenerator.sample(doc.flatten(op.requestSchema().get())));
        };
    }

    /** Removes what the fixtures created. */
    void cleanUp() {
        for (TodoClient.User u : users) {
            try {
                client.cleanUp(u);
            } catch (RuntimeException ignored) {
                // best effort: a broken app must not hide the real report
            }
        }
    }
}
