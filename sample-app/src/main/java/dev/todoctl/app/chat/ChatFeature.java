package dev.todoctl.app.chat;

import dev.langchain4j.model.chat.ChatModel;
import dev.todoctl.app.api.ApiContext;
import dev.todoctl.app.chat.tools.ToolMetrics;
import dev.todoctl.app.mcp.McpHandler;
import io.helidon.webserver.http.HttpRouting;

/** Wires the chat agent, the conversation endpoints and the MCP endpoint into the api's routing. */
public final class ChatFeature {
    private ChatFeature() {
    }

    public static void register(HttpRouting.Builder routing, ApiContext ctx) {
        register(routing, ctx, ChatModels.create(ctx.config().chat(), ctx.clock()));
    }

    public static void register(HttpRouting.Builder routing, ApiContext ctx, ChatModel model) {
        ToolMetrics metrics = new ToolMetrics(ctx.meters());
        ChatService chat = new ChatService(model, new ChatRepository(ctx.database().dataSource(), ctx.clock()),
                ctx.tasks(), metrics, ctx.clock());
        routing.register("/api/v1/chat", new ChatHandler(chat, ctx.authenticator()))
                .register("/api/v1/conversations", new ConversationHandler(chat, ctx.authenticator()))
                .register("/mcp", new McpHandler(ctx.tasks(), ctx.authenticator(), metrics));
    }
}
