package dev.todoctl.cli.ops.assistant;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.config.TodoctlConfig;

import java.util.Locale;
import java.util.Optional;

/**
 * Which model answers {@code todoctl ask}: the {@code ai.*} settings ({@code TODOCTL_AI_PROVIDER},
 * {@code TODOCTL_AI_MODEL}, {@code TODOCTL_AI_BASE_URL}, {@code TODOCTL_AI_API_KEY}, todoctl.yaml, {@code --set}),
 * with {@code --provider} on top. The key falls back to the app's provider key so one key serves both.
 */
public record AssistantSettings(Provider provider, String model, Optional<String> baseUrl, Optional<String> apiKey) {
    public enum Provider {
        OFFLINE, OPENAI, ANTHROPIC;

        public static Provider parse(String raw) {
            try {
                return valueOf(raw.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw TodoctlException.usage("unknown provider '" + raw + "'", "use offline, openai or anthropic");
            }
        }
    }

    public static AssistantSettings from(TodoctlConfig config, Optional<String> providerFlag) {
        Provider provider = Provider.parse(providerFlag.orElse(value(config, "ai.provider").orElse("offline")));
        Optional<String> key = value(config, "ai.api-key").or(() -> switch (provider) {
            case OPENAI -> Optional.ofNullable(config.app().openaiApiKey()).filter(s -> !s.isEmpty());
            case ANTHROPIC -> Optional.ofNullable(config.app().anthropicApiKey()).filter(s -> !s.isEmpty());
            case OFFLINE -> Optional.empty();
        });
        String model = value(config, "ai.model").orElse(switch (provider) {
            case OPENAI -> "gpt-4o-mini";
            case ANTHROPIC -> "claude-sonnet-4-5";
            case OFFLINE -> OfflineOpsModel.MODEL_NAME;
        });
        Optional<String> baseUrl = value(config, "ai.base-url");
        if (provider == Provider.ANTHROPIC && key.isEmpty()) {
            throw TodoctlException.usage("the anthropic provider needs an API key",
                    "set TODOCTL_AI_API_KEY or ANTHROPIC_API_KEY", "or use the offline model: --provider offline");
        }
        if (provider == Provider.OPENAI && key.isEmpty() && baseUrl.isEmpty()) {
            throw TodoctlException.usage("the openai provider needs an API key (or a base URL of a local server)",
                    "set TODOCTL_AI_API_KEY or OPENAI_API_KEY",
                    "for Ollama, vLLM or LM Studio set TODOCTL_AI_BASE_URL, e.g. http://localhost:11434/v1",
                    "or use the offline model: --provider offline");
        }
        return new AssistantSettings(provider, model, baseUrl, key);
    }

    private static Optional<String> value(TodoctlConfig config, String key) {
        TodoctlConfig.Value v = config.values().get(key);
        return v == null ? Optional.empty() : Optional.of(v.value().trim()).filter(s -> !s.isEmpty());
    }

    @Override
    public String toString() {
        return "AssistantSettings[provider=" + provider + ", model=" + model + ", baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey.isPresent() ? "****" : "none") + "]";
    }
}
