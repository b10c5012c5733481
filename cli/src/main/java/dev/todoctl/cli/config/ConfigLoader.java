package dev.todoctl.cli.config;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.Environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges defaults, {@code todoctl.yaml} (base, then the chosen profile), {@code TODOCTL_*} variables and
 * command-line flags, in that order of increasing precedence, then validates everything at once. Any problem
 * is a usage error (exit 2) naming file and line, before anything is built or changed.
 */
public final class ConfigLoader {
    public static final String FILE_NAME = "todoctl.yaml";

    private final Environment env;
    private final Path installDir;

    public ConfigLoader(Environment env, Path installDir) {
        this.env = env;
        this.installDir = installDir;
    }

    public TodoctlConfig load(ConfigRequest request) {
        Optional<Path> path = configPath(request);
        ConfigFile file = path.map(ConfigFile::read).orElse(ConfigFile.empty());
        List<String> problems = new ArrayList<>(file.problems());

        Set<String> knownProfiles = new LinkedHashSet<>(Settings.PROFILES);
        knownProfiles.addAll(file.profiles().keySet());
        String profile = request.profile()
                .or(() -> env.get("TODOCTL_PROFILE"))
                .or(() -> Optional.ofNullable(file.defaultProfile()))
                .orElse("dev");
        if (!knownProfiles.contains(profile)) {
            throw TodoctlException.usage("unknown profile '" + profile + "'",
                    "use one of: " + String.join(", ", knownProfiles),
                    "or add it under 'profiles:' in " + path.map(Path::toString).orElse(FILE_NAME));
        }

        String fileName = path.map(Path::toString).orElse(FILE_NAME);
        checkKeys(file.base(), fileName, problems);
        checkKeys(file.profiles().getOrDefault(profile, Map.of()), fileName, problems);
        for (String key : request.sets().keySet()) {
            if (Settings.find(key).isEmpty()) {
                problems.add("--set " + key + ": unknown setting" + suggestion(key));
            }
        }

        Map<String, TodoctlConfig.Value> values = new LinkedHashMap<>();
        for (Setting setting : Settings.all()) {
            TodoctlConfig.Value value = resolve(setting, file, profile, fileName, request);
            String problem = value.value().isEmpty() && setting.type() != Setting.Type.STRING
                    ? "is empty" : value.value().isEmpty() ? null : setting.problem(value.value());
            if (problem != null) {
                problems.add(value.source() + ": " + setting.key() + ": " + problem);
            }
            values.put(setting.key(), value);
        }
        if (!problems.isEmpty()) {
            throw new TodoctlException(dev.todoctl.cli.outcome.Phase.USAGE,
                    "invalid configuration (nothing was changed):\n  " + String.join("\n  ", problems),
                    List.of("fix the values above; `todoctl config view` lists every setting and its source"));
        }
        return typed(profile, path, values);
    }

    private Optional<Path> configPath(ConfigRequest request) {
        Optional<Path> explicit = request.file().or(() -> env.get("TODOCTL_CONFIG").map(Path::of))
                .map(p -> env.cwd().resolve(p));
        if (explicit.isPresent()) {
            if (!Files.isRegularFile(explicit.get())) {
                throw TodoctlException.usage("configuration file " + explicit.get() + " does not exist",
                        "check the --config path or TODOCTL_CONFIG");
            }
            return explicit;
        }
        Path local = env.cwd().resolve(FILE_NAME);
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    private static void checkKeys(Map<String, ConfigFile.Entry> entries, String fileName, List<String> problems) {
        entries.forEach((key, entry) -> {
            if (Settings.find(key).isEmpty()) {
                problems.add(fileName + ":" + entry.line() + ": " + key + ": unknown setting" + suggestion(key));
            }
        });
    }

    private static String suggestion(String key) {
        return Settings.closest(key).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    private TodoctlConfig.Value resolve(Setting setting, ConfigFile file, String profile, String fileName,
                                        ConfigRequest request) {
        String key = setting.key();
        if (request.flags().containsKey(key)) {
            return new TodoctlConfig.Value(key, request.flags().get(key), "flag", setting.secret());
        }
        if (request.sets().containsKey(key)) {
            return new TodoctlConfig.Value(key, request.sets().get(key), "--set " + key, setting.secret());
        }
        Optional<String> fromEnv = env.get(setting.envName());
        if (fromEnv.isPresent()) {
            return new TodoctlConfig.Value(key, fromEnv.get(), "env " + setting.envName(), setting.secret());
        }
        for (String alias : setting.envAliases()) {
            if (env.get(alias).isPresent()) {
                return new TodoctlConfig.Value(key, env.get(alias).get(), "env " + alias, setting.secret());
            }
        }
        ConfigFile.Entry entry = file.profiles().getOrDefault(profile, Map.of()).get(key);
        if (entry == null) {
            entry = file.base().get(key);
        }
        if (entry != null) {
            return new TodoctlConfig.Value(key, entry.value(), fileName + ":" + entry.line(), setting.secret());
        }
        return new TodoctlConfig.Value(key, setting.defaultValue(), "default", setting.secret());
    }

    private TodoctlConfig typed(String profile, Optional<Path> file, Map<String, TodoctlConfig.Value> values) {
        java.util.function.Function<String, String> v = key -> values.get(key).value().trim();
        String release = v.apply("release");
        if (!release.matches("[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?")) {
            throw TodoctlException.usage("release: '" + release + "' (" + values.get("release").source()
                    + ") must be lower-case letters, digits and dashes (a DNS label, at most 53 characters)");
        }
        Path stateDir = v.apply("state-dir").isEmpty()
                ? env.get("XDG_STATE_HOME").map(Path::of).orElse(env.home().resolve(".local/state"))
                        .resolve("todoctl").resolve(release)
                : env.cwd().resolve(expandHome(v.apply("state-dir")));
        Optional<Path> sourceDir = v.apply("source-dir").isEmpty()
                ? findSourceDir()
                : Optional.of(env.cwd().resolve(expandHome(v.apply("source-dir"))).normalize());
        Map<String, String> buildArgs = new LinkedHashMap<>();
        for (String pair : TodoctlConfig.split(v.apply("images.build-args"), ",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw TodoctlException.usage("images.build-args: '" + pair + "' (" + values.get("images.build-args")
                        .source() + ") is not KEY=VALUE");
            }
            buildArgs.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new TodoctlConfig(profile, file, release, v.apply("target"), sourceDir, stateDir,
                new TodoctlConfig.Build(TodoctlConfig.split(v.apply("build.command"), "\\s+"), v.apply("build.artifact"),
                        TodoctlConfig.split(v.apply("build.inputs"), ","), v.apply("build.registry"),
                        Boolean.parseBoolean(v.apply("build.push"))),
                new TodoctlConfig.Images(v.apply("images.dockerfile"), v.apply("images.chart"),
                        v.apply("images.postgres"), buildArgs),
                new TodoctlConfig.Ports(Integer.parseInt(v.apply("local.api-port")), Integer.parseInt(v.apply("local.web-port"))),
                new TodoctlConfig.Docker(new TodoctlConfig.Ports(Integer.parseInt(v.apply("docker.api-port")),
                        Integer.parseInt(v.apply("docker.web-port"))), v.apply("docker.host")),
                new TodoctlConfig.Kubernetes(v.apply("kubernetes.context"), v.apply("kubernetes.namespace"),
                        v.apply("kubernetes.containerd-socket"), v.apply("kubernetes.minikube-profile"),
                        Boolean.parseBoolean(v.apply("kubernetes.minikube-engine"))),
                new TodoctlConfig.App(v.apply("app.log-level"), v.apply("app.chat-provider"), v.apply("app.chat-model"),
                        v.apply("app.chat-base-url"), v.apply("app.openai-api-key"), v.apply("app.anthropic-api-key"),
                        v.apply("app.jwt-secret")),
                Setting.parseDuration(v.apply("timeouts.ready")),
                Setting.parseDuration(v.apply("timeouts.stop")),
                values);
    }

    private String expandHome(String path) {
        return path.startsWith("~/") ? env.home().resolve(path.substring(2)).toString() : path;
    }

    /** The checkout holding sample-app/: above the working directory, else $TODOCTL_HOME, else above the install. */
    private Optional<Path> findSourceDir() {
        Path home = env.get("TODOCTL_HOME").map(Path::of).orElse(null);
        for (Path start : new Path[] {env.cwd(), home, installDir}) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("sample-app/pom.xml"))) {
                    return Optional.of(p.toAbsolutePath().normalize());
                }
            }
        }
        return Optional.empty();
    }
}
