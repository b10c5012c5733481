package dev.todoctl.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective configuration, typed and validated once by {@link ConfigLoader}. {@link #values()} keeps every
 * raw value with where it came from, for {@code todoctl config view}.
 */
public record TodoctlConfig(String profile,
                            Optional<Path> file,
                            String release,
                            String target,
                            Optional<Path> sourceDir,
                            Path stateDir,
                            Build build,
                            Images images,
                            Ports local,
                            Docker docker,
                            Kubernetes kubernetes,
                            App app,
                            Duration readyTimeout,
                            Duration stopGrace,
                            Map<String, Value> values) {

    public record Build(List<String> command, String artifact, List<String> inputs, String registry, boolean push) {
    }

    public record Images(String dockerfile, String chart, String postgres, Map<String, String> buildArgs) {
    }

    public record Ports(int api, int web) {
    }

    public record Docker(Ports ports, String host) {
    }

    /**
     * {@code containerdSocket}: the node runtime to import images into (empty: looked for). {@code minikubeProfile}:
     * the context's minikube profile when its name does not say so (empty: from the name); {@code minikubeEngine}:
     * build in that profile's Docker engine rather than here and load.
     */
    public record Kubernetes(String context, String namespace, String containerdSocket, String minikubeProfile,
                             boolean minikubeEngine) {
        /** As before the minikube settings: the context's name says whether it is minikube; build in its engine. */
        public Kubernetes(String context, String namespace, String containerdSocket) {
            this(context, namespace, containerdSocket, "", true);
        }
    }

    /** What the app gets as environment; secrets stay out of toString. */
    public record App(String logLevel, String chatProvider, String chatModel, String chatBaseUrl,
                      String openaiApiKey, String anthropicApiKey, String jwtSecret) {
        @Override
        public String toString() {
            return "App[logLevel=" + logLevel + ", chatProvider=" + chatProvider + ", chatModel=" + chatModel
                    + ", chatBaseUrl=" + chatBaseUrl + ", secrets=****]";
        }

        /** Non-secret app settings as the environment variables the app reads (empty ones left out). */
        public Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("LOG_LEVEL", logLevel);
            putIfSet(env, "CHAT_PROVIDER", chatProvider);
            putIfSet(env, "CHAT_MODEL", chatModel);
            putIfSet(env, "CHAT_BASE_URL", chatBaseUrl);
            return env;
        }

        /** Secret app settings as environment variables (never printed). */
        public Map<String, String> secretEnv() {
            Map<String, String> env = new LinkedHashMap<>();
            putIfSet(env, "OPENAI_API_KEY", openaiApiKey);
            putIfSet(env, "ANTHROPIC_API_KEY", anthropicApiKey);
            return env;
        }

        private static void putIfSet(Map<String, String> env, String name, String value) {
            if (value != null && !value.isEmpty()) {
                env.put(name, value);
            }
        }
    }

    /** One raw value and its origin ("default", "todoctl.yaml:12", "env TODOCTL_X", "--set"). */
    public record Value(String key, String value, String source, boolean secret) {
        public String shown() {
            return secret && !value.isEmpty() ? "****" : value;
        }
    }

    static List<String> split(String raw, String separator) {
        return Arrays.stream(raw.split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** True when the user set the key (file, env or flag), false when it is the built-in default. */
    public boolean explicit(String key) {
        return !"default".equals(values.get(key).source());
    }

    /** Non-secret values that decide what a deployment looks like (for "nothing changed" fingerprints). */
    public String deploymentFingerprintInput(List<String> prefixes) {
        StringBuilder sb = new StringBuilder();
        values.values().stream()
                .filter(v -> prefixes.stream().anyMatch(p -> v.key().startsWith(p)))
                .forEach(v -> sb.append(v.key()).append('=').append(v.value()).append('\n'));
        return sb.toString();
    }
}
