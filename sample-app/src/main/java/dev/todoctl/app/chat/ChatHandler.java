package dev.todoctl.app.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.app.auth.Authenticator;
import dev.todoctl.app.http.ApiException;
import dev.todoctl.app.http.Json;
import dev.todoctl.app.http.JsonFields;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/** {@code POST /api/v1/chat}: one message to the agent, in a new or an existing conversation. */
public final class ChatHandler implements HttpService {
    /** Longest accepted message, in characters (code points). */
    public static final int MESSAGE_MAX = 4000;

    private final ChatService chat;
    private final Authenticator auth;

    public ChatHandler(ChatService chat, Authenticator auth) {
        this.chat = chat;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::chat);
    }

    private void chat(ServerRequest req, ServerResponse res) {
        long user = auth.require(req).userId();
        JsonNode body = Json.readObject(req, false);
        JsonFields fields = new JsonFields(body);
        String message = fields.requiredString("message");
        if (message.isBlank()) {
            throw ApiException.validation("message", "must not be blank");
        }
        if (message.codePointCount(0, message.length()) > MESSAGE_MAX) {
            throw ApiException.validation("message", "must be at most " + MESSAGE_MAX + " characters");
        }
        Json.ok(res, chat.chat(user, conversationId(body.get("conversation_id")), message));
    }

    private static Long conversationId(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.canConvertToExactIntegral() && node.canConvertToLong() && node.asLong() > 0) {
            return node.asLong();
        }
        throw ApiException.validation("conversation_id must be a positive integer",
                Map.of("field", "conversation_id", "problem", "must be a positive integer"));
    }
}
