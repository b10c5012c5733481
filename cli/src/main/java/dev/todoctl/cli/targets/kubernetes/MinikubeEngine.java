package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.build.DockerEngine;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.CommandRunner;
import dev.todoctl.cli.platform.Environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker engine inside a minikube profile, as {@code minikube -p PROFILE docker-env --shell none} reports it
 * ({@code DOCKER_HOST}, and with {@code DOCKER_TLS_VERIFY=1} the client material in {@code DOCKER_CERT_PATH}) —
 * what {@code eval $(minikube docker-env)} gives a shell, read by todoctl instead. Images built there are already on
 * the node: no {@code minikube image load}.
 *
 * <p>Anything short of an engine that answers is refused with the reason and a fix, before anything is built or
 * changed: no minikube on PATH, the profile stopped or missing (minikube exits non-zero), a runtime other than
 * Docker (docker-env refuses), no {@code DOCKER_HOST}, a certificate directory without its three files, an engine
 * that does not answer (TLS rejected, restarting). There is no silent fallback to building here and loading: that
 * needs the same running profile, and building in the wrong engine is what this exists to avoid;
 * {@code kubernetes.minikube-engine=false} chooses the load path explicitly.
 */
public final class MinikubeEngine {
    static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    private final Environment env;
    private final CommandRunner runner;

    public MinikubeEngine(Environment env, CommandRunner runner) {
        this.env = env;
        this.runner = runner;
    }

    /**
     * The profile's engine, checked to answer; otherwise exit 10 (the build stage, where it is asked for: the images
     * cannot be built where they must run) with the reason.
     */
    public DockerEngine engine(String profile) {
        DockerEngine.Endpoint endpoint = endpoint(profile);
        DockerEngine engine = new DockerEngine(endpoint);
        StringBuilder whyNot = new StringBuilder();
        if (engine.version(whyNot).isEmpty()) {
            engine.close();
            throw refusal(profile, whyNot.toString(), "check the profile: `minikube -p " + profile + " status`");
        }
        return engine;
    }

    /** Where {@code minikube docker-env} says the profile's engine is. */
    DockerEngine.Endpoint endpoint(String profile) {
        Path minikube = ClusterImageLoader.which(env, "minikube").orElseThrow(() -> refusal(profile,
                "minikube is not installed (not on PATH)", "install minikube, or select another context with "
                        + "--set kubernetes.context=NAME"));
        List<String> command = List.of(minikube.toString(), "-p", profile, "docker-env", "--shell", "none");
        List<String> lines = new ArrayList<>();
        CommandRunner.Outcome outcome = runner.run(command, env.cwd(), Map.of("PATH", env.get("PATH").orElse("")),
                lines::add);
        if (!outcome.ok()) {
            throw refusal(profile, "`minikube -p " + profile + " docker-env` exited " + outcome.exitCode() + ":\n  "
                    + String.join("\n  ", outcome.tail()), "start it: `minikube start -p " + profile + "` (docker-env "
                    + "needs the docker container runtime)");
        }
        Map<String, String> vars = variables(lines);
        String host = vars.getOrDefault("DOCKER_HOST", "");
        if (host.isEmpty()) {
            throw refusal(profile, "`minikube -p " + profile + " docker-env` reported no DOCKER_HOST",
                    "run it by hand to see what it prints");
        }
        Optional<Path> certs = Optional.empty();
        if ("1".equals(vars.get("DOCKER_TLS_VERIFY"))) {
            Path dir = Path.of(vars.getOrDefault("DOCKER_CERT_PATH", ""));
            List<String> missing = TLS_FILES.stream().filter(f -> !Files.isReadable(dir.resolve(f))).toList();
            if (vars.getOrDefault("DOCKER_CERT_PATH", "").isEmpty() || !missing.isEmpty()) {
                throw refusal(profile, "minikube's DOCKER_CERT_PATH (" + vars.getOrDefault("DOCKER_CERT_PATH", "unset")
                        + ") lacks " + String.join(", ", missing.isEmpty() ? TLS_FILES : missing),
                        "recreate the certificates: `minikube -p " + profile + " update-context` or `minikube start -p "
                                + profile + "`");
            }
            certs = Optional.of(dir);
        }
        return new DockerEngine.Endpoint(host, certs, "minikube's engine (profile " + profile + ") at " + host);
    }

    /** {@code KEY=VALUE} lines; anything else minikube prints (warnings share the output) is not a variable. */
    static Map<String, String> variables(List<String> lines) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Z_][A-Z0-9_]*")) {
                vars.put(line.substring(0, eq), unquote(line.substring(eq + 1).trim()));
            }
        }
        return vars;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static TodoctlException refusal(String profile, String why, String fix) {
        return new TodoctlException(Phase.BUILD, "cannot build in minikube's Docker engine (profile " + profile + "): "
                + why + "; nothing was built or changed",
                List.of(fix, "or build here and load with `minikube image load`: --set kubernetes.minikube-engine=false"));
    }
}
