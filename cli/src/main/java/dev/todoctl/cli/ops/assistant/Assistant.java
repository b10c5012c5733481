package dev.todoctl.cli.ops.assistant;

import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;

import java.time.Duration;
import java.util.List;

/**
 * {@code todoctl ask}: one question, answered by a langchain4j {@link AiServices} agent over {@link OpsTools}.
 * The model only chooses tools; what they may do is decided by the tools and the confirmation gate.
 */
public final class Assistant {
    static final int MAX_TOOL_ROUND_TRIPS = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final String SYSTEM_PROMPT = """
            You are todoctl's operations assistant for one deployment of the todo-chatbot app (components: api, web, \
            database). Answer only from tool results; never invent state, names or numbers. Use the read-only tools \
            (status, list_components, describe_component, events, logs, history, diagnose, resource_usage) freely. \
            The tools scale, restart, rollback and set_value change the deployment: call them only when the user asked \
            for that change; they show a plan and ask the user to confirm, and they tell you whether it was done. \
            Answer briefly, in plain text.""";

    /** The agent's shape; langchain4j implements it. */
    interface Agent {
        Result<String> ask(@UserMessage String question);
    }

    /** What the assistant answered and which tools ran. */
    public record Reply(String answer, List<ToolCall> toolCalls) {
        public Reply {
            toolCalls = List.copyOf(toolCalls);
        }

        public boolean refusedUnconfirmed() {
            return toolCalls.stream().anyMatch(ToolCall::refusedUnconfirmed);
        }
    }

    private final ChatModel model;

    public Assistant(ChatModel model) {
        this.model = model;
    }

    public static ChatModel model(AssistantSettings settings) {
        return switch (settings.provider()) {
            case OFFLINE -> new OfflineOpsModel();
            // any OpenAI-compatible server; local ones (Ollama, vLLM, LM Studio) need no key
            case OPENAI -> OpenAiChatModel.builder()
                    .baseUrl(settings.baseUrl().orElse(null))
                    .apiKey(settings.apiKey().orElse("not-needed"))
                    .modelName(settings.model())
                    .temperature(0.0)
                    .timeout(TIMEOUT)
                    .maxRetries(1)
                    .build();
            case ANTHROPIC -> {
                var b = AnthropicChatModel.builder()
                        .apiKey(settings.apiKey().orElseThrow())
                        .modelName(settings.model())
                        .maxTokens(1024)
                        .timeout(TIMEOUT)
                        .maxRetries(1);
                settings.baseUrl().ifPresent(b::baseUrl);
                yield b.build();
            }
        };
    }

    public Reply ask(String question, OpsTools tools) {
        Agent agent = AiServices.builder(Agent.class)
                .chatModel(model)
                .chatMemory(MessageWindowChatMemory.withMaxMessages(60))
                .systemMessage(SYSTEM_PROMPT)
                .tools(tools)
                .maxToolCallingRoundTrips(MAX_TOOL_ROUND_TRIPS)
                .hallucinatedToolNameStrategy(req -> ToolExecutionResultMessage.from(req, "There is no tool named "
                        + req.name() + "; use one of " + String.join(", ", OpsTools.NAMES) + "."))
                .toolArgumentsErrorHandler((error, ctx) -> ToolErrorHandlerResult.text("Invalid arguments for "
                        + ctx.toolExecutionRequest().name() + ": " + error.getMessage()))
                .toolExecutionErrorHandler((error, ctx) -> ToolErrorHandlerResult.text("The tool "
                        + ctx.toolExecutionRequest().name() + " failed: " + error.getMessage()))
                .build();
        Result<String> result = agent.ask(question);
        String answer = result.content() == null ? "" : result.content().strip();
        return new Reply(answer, tools.calls());
    }
}
