package dev.todoctl.app.chat;

import dev.todoctl.app.auth.Authenticator;
import dev.todoctl.app.http.ApiException;
import dev.todoctl.app.http.Json;
import dev.todoctl.app.http.PathIds;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/** {@code /api/v1/conversations}: the caller's conversations, their messages, and deletion. */
public final class ConversationHandler implements HttpService {
    private final ChatService chat;
    private final Authenticator auth;

    public ConversationHandler(ChatService chat, Authenticator auth) {
        this.chat = chat;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/{id}/messages", this::messages)
                .delete("/{id}", this::delete);
    }

    private void list(ServerRequest req, ServerResponse res) {
        long user = auth.require(req).userId();
        Json.ok(res, Map.of("items", chat.conversations(user)));
    }

    private void messages(ServerRequest req, ServerResponse res) {
        long user = auth.require(req).userId();
        Json.ok(res, Map.of("items", chat.messages(user, PathIds.require(req, "conversation"))));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        long user = auth.require(req).userId();
        chat.delete(user, PathIds.require(req, "conversation"));
        res.status(Status.NO_CONTENT_204).send();
    }

}
