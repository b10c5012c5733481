package dev.todoctl.app.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Which model drives the chat agent. {@code offline} (a deterministic intent parser) is the default when no
 * key is configured, so the chatbot works with no network.
 */
public record ChatSettings(Provider provider, String model, Optional<String> baseUrl, Optional<String> apiKey) {

    public enum Provider { OFFLINE, OPENAI, ANTHROPIC }

    public static ChatSettings from(Env env) {
        Optional<String> explicit = env.get("CHAT_PROVIDER");
        Optional<String> openAiKey = env.get("OPENAI_API_KEY");
        Optional<String> anthropicKey = env.get("ANTHROPIC_API_KEY");
        Provider provider;
        if (explicit.isPresent()) {
            provider = switch (explicit.get().toLowerCase(Locale.ROOT)) {
                case "offline" -> Provider.OFFLINE;
                case "openai", "openai-compatible", "ollama", "vllm", "lmstudio" -> Provider.OPENAI;
                case "anthropic" -> Provider.ANTHROPIC;
                default -> throw new ConfigException("CHAT_PROVIDER=" + explicit.get()
                        + " is not one of offline, openai, anthropic");
            };
        } else if (anthropicKey.isPresent() && openAiKey.isEmpty()) {
            provider = Provider.ANTHROPIC;
        } else if (openAiKey.isPresent() || env.get("CHAT_BASE_URL").isPresent()) {
            provider = Provider.OPENAI;
        } else {
            provider = Provider.OFFLINE;
        }
        Optional<String> key = switch (provider) {
            case OPENAI -> openAiKey.or(() -> env.get("CHAT_API_KEY"));
            case ANTHROPIC -> anthropicKey.or(() -> env.get("CHAT_API_KEY"));
            case OFFLINE -> Optional.empty();
        };
        if (provider == Provider.ANTHROPIC && key.isEmpty()) {
            throw new ConfigException("CHAT_PROVIDER=anthropic needs ANTHROPIC_API_KEY");
        }
        if (provider == Provider.OPENAI && key.isEmpty() && env.get("CHAT_BASE_URL").isEmpty()) {
            throw new ConfigException("CHAT_PROVIDER=openai needs OPENAI_API_KEY, or CHAT_BASE_URL for a local "
                    + "OpenAI-compatible server (Ollama, vLLM, LM Studio)");
        }
        String defaultModel = switch (provider) {
            case OPENAI -> "gpt-4o-mini";
            case ANTHROPIC -> "claude-sonnet-4-5";
            case OFFLINE -> "offline-intent-v1";
        };
        return new ChatSettings(provider, env.get("CHAT_MODEL", defaultModel), env.get("CHAT_BASE_URL"), key);
    }

    @Override
    public String toString() {
        return "ChatSettings[provider=" + provider + ", model=" + model + ", baseUrl=" + baseUrl.orElse("-")
                + ", apiKey=" + (apiKey.isPresent() ? "****" : "-") + "]";
    }
}
