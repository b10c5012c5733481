package dev.todoctl.app.chat;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.todoctl.app.chat.intent.IntentParser;
import dev.todoctl.app.chat.offline.OfflineChatModel;
import dev.todoctl.app.config.ChatSettings;

import java.time.Clock;
import java.time.Duration;

/** The chat model for the configured provider. Keys go to the client libraries only, never to logs. */
public final class ChatModels {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ChatModels() {
    }

    public static ChatModel create(ChatSettings settings, Clock clock) {
        return switch (settings.provider()) {
            case OFFLINE -> new OfflineChatModel(new IntentParser(clock));
            // Any OpenAI-compatible server (OpenAI, Ollama, vLLM, LM Studio): local ones need no key.
            case OPENAI -> OpenAiChatModel.builder()
                    .baseUrl(settings.baseUrl().orElse(null))
                    .apiKey(settings.apiKey().orElse("not-needed"))
                    .modelName(settings.model())
                    .temperature(0.2)
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
}
