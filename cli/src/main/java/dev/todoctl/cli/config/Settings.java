package dev.todoctl.cli.config;

import dev.todoctl.cli.config.Setting.Type;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The catalogue of every key todoctl.yaml, {@code TODOCTL_*} variables and {@code --set} accept. */
public final class Settings {
    public static final List<String> TARGETS = List.of("auto", "kubernetes", "docker", "local");
    public static final List<String> PROFILES = List.of("dev", "prod");

    private static final List<Setting> ALL = List.of(
            Setting.of("release", Type.STRING, "todo-chatbot", "release name (Helm release, container and state names)"),
            Setting.choice("target", "auto", TARGETS, "where to deploy; auto = kubernetes, else docker, else local"),
            Setting.of("source-dir", Type.STRING, "", "checkout holding sample-app/ (default: found from the working directory or the todoctl install)"),
            Setting.of("state-dir", Type.STRING, "", "state of the local and docker targets (default ~/.local/state/todoctl/<release>)"),
            Setting.of("build.command", Type.STRING, "mvn -q -Dmaven.test.skip=true -pl sample-app -am package", "artifact build, run in source-dir with a JDK >= 21 (test compilation skipped: faster)"),
            Setting.of("build.artifact", Type.STRING, "sample-app/target/todo-chatbot.jar", "the jar the build produces (its lib/ beside it)"),
            Setting.of("build.inputs", Type.STRING, "pom.xml,sample-app/pom.xml,sample-app/src/main", "files whose change means a rebuild (comma-separated, relative to source-dir)"),
            Setting.of("build.registry", Type.STRING, "", "registry prefix for image tags, e.g. localhost:5000"),
            Setting.of("build.push", Type.BOOL, "false", "push images after building"),
            Setting.of("images.dockerfile", Type.STRING, "docker/Dockerfile", "Dockerfile with targets api and web, relative to source-dir"),
            Setting.of("images.chart", Type.STRING, "charts/todo-chatbot", "chart whose values (repositories, non-secret env, database) the docker target shares"),
            Setting.of("images.postgres", Type.STRING, "", "PostgreSQL image of the docker target (default: the chart's; todoctl/postgres:17 when only that is present)"),
            Setting.of("images.build-args", Type.STRING, "", "build args, KEY=VALUE comma-separated (default JRE_IMAGE: the Dockerfile's, or todoctl/jre:25 when only that is present)"),
            Setting.of("local.api-port", Type.PORT, "0", "api port on 127.0.0.1 (0 = 8080 if free, else any free port)"),
            Setting.of("local.web-port", Type.PORT, "0", "web port on 127.0.0.1 (0 = 8000 if free, else any free port)"),
            Setting.of("docker.api-port", Type.PORT, "0", "host port of the api container on 127.0.0.1 (0 = 8080 if free, else any)"),
            Setting.of("docker.web-port", Type.PORT, "0", "host port of the web container on 127.0.0.1 (0 = 8000 if free, else any)"),
            Setting.of("docker.host", Type.STRING, "", "Docker engine (default DOCKER_HOST or unix:///var/run/docker.sock)"),
            Setting.of("kubernetes.context", Type.STRING, "", "kubeconfig context (default: the current one)"),
            Setting.of("kubernetes.namespace", Type.STRING, "todo", "namespace of the release"),
            Setting.of("kubernetes.containerd-socket", Type.STRING, "", "node-local image import without a registry: the node's containerd socket (default: found among the usual ones when the cluster is one node on this machine)"),
            Setting.of("kubernetes.minikube-profile", Type.STRING, "", "minikube profile of the context (default: the context's name when it is minikube or minikube-*); set it when a profile's context has another name"),
            Setting.of("kubernetes.minikube-engine", Type.BOOL, "true", "on minikube, build the images in minikube's own Docker engine (minikube docker-env): no load step; false = build here and `minikube image load`"),
            Setting.of("app.log-level", Type.STRING, "info", "LOG_LEVEL of api and web"),
            Setting.of("app.chat-provider", Type.STRING, "", "CHAT_PROVIDER (empty = the app's offline default)"),
            Setting.of("app.chat-model", Type.STRING, "", "CHAT_MODEL"),
            Setting.of("app.chat-base-url", Type.STRING, "", "CHAT_BASE_URL (OpenAI-compatible servers)"),
            Setting.secret("app.openai-api-key", List.of("OPENAI_API_KEY"), "OPENAI_API_KEY given to the api"),
            Setting.secret("app.anthropic-api-key", List.of("ANTHROPIC_API_KEY"), "ANTHROPIC_API_KEY given to the api"),
            Setting.secret("app.jwt-secret", List.of(), "JWT_SECRET of the api (default: generated once, kept 0600 in state-dir)"),
            Setting.choice("ai.provider", "offline", List.of("offline", "openai", "anthropic"), "model behind `todoctl ask` (offline: built-in intent model, no key)"),
            Setting.of("ai.model", Type.STRING, "", "model name for `todoctl ask` (default gpt-4o-mini / claude-sonnet-4-5)"),
            Setting.of("ai.base-url", Type.STRING, "", "OpenAI-compatible base URL for `todoctl ask` (Ollama, vLLM, LM Studio)"),
            Setting.secret("ai.api-key", List.of(), "API key for `todoctl ask` (default: app.openai-api-key / app.anthropic-api-key)"),
            Setting.of("timeouts.ready", Type.DURATION, "120s", "how long to wait for readiness"),
            Setting.of("timeouts.stop", Type.DURATION, "10s", "grace period between SIGTERM and SIGKILL"));

    private static final Map<String, Setting> BY_KEY = index();

    private Settings() {
    }

    public static List<Setting> all() {
        return ALL;
    }

    public static Optional<Setting> find(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The closest known key, for "did you mean" in errors. */
    public static Optional<String> closest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : BY_KEY.keySet()) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static Map<String, Setting> index() {
        Map<String, Setting> map = new LinkedHashMap<>();
        ALL.forEach(s -> map.put(s.key(), s));
        return map;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
