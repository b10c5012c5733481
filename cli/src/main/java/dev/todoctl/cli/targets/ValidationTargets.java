package dev.todoctl.cli.targets;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.validation.EnvSource;
import dev.todoctl.validation.TargetHooks;
import dev.todoctl.validation.ValidationTarget;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns "validate this deployment" into what the validation library needs: the api and web URLs of a base URL
 * given by hand, or of the release the current target runs, plus hooks into that target (restart, logs, the
 * configuration it gave the release).
 */
public final class ValidationTargets {
    private ValidationTargets() {
    }

    /** A bare URL: HTTP checks only; target hooks are reported as skipped. */
    public static ValidationTarget of(String apiUrl, Optional<String> webUrl) {
        try {
            ValidationTarget t = ValidationTarget.of(apiUrl);
            return webUrl.map(t::withWebUrl).orElse(t);
        } catch (IllegalArgumentException e) {
            throw new TodoctlException(Phase.USAGE, e.getMessage(), List.of("give an http(s) URL, e.g. "
                    + "--base-url http://127.0.0.1:8080"));
        }
    }

    /**
     * The deployed release of {@code target}, reached through {@code endpoints} (open them with
     * {@link Target#openEndpoints()} and keep them open while validating); a release that is not deployed is a usage
     * error with a fix.
     */
    public static ValidationTarget of(Target target, Endpoints endpoints) {
        String api = endpoints.urls().get("api");
        if (api == null) {
            StatusReport status = target.status();
            throw new TodoctlException(Phase.USAGE, status.deployed()
                    ? "the " + target.name() + " target does not publish the api on a local URL"
                    : "nothing is deployed on the " + target.name() + " target",
                    status.deployed()
                            ? List.of("give its URLs: `todoctl validate --target " + target.name()
                            + " --base-url http://127.0.0.1:8080 --web-url http://127.0.0.1:8000`")
                            : List.of("run `todoctl up --target " + target.name() + "` first, or give --base-url"));
        }
        return of(target, api, Optional.ofNullable(endpoints.urls().get("web")));
    }

    /**
     * {@code target}'s release reached at URLs given by hand (a port-forward, an ingress): HTTP checks there, restart,
     * logs and configuration through the target. The secrets the target gave the api are handed to validation so
     * the leak scans look for them (and reports redact them).
     */
    public static ValidationTarget of(Target target, String apiUrl, Optional<String> webUrl) {
        ValidationTarget urls = of(apiUrl, webUrl);
        Optional<DeployedConfig> config;
        String unreadable = "";
        try {
            config = target.deployedConfig();
        } catch (RuntimeException e) {
            // RBAC may forbid reading Secrets: the checks that need the configuration are skipped, with this reason
            config = Optional.empty();
            unreadable = ", configuration unreadable: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        }
        ValidationTarget t = urls.withHooks(new Hooks(target, config, unreadable));
        if (config.isPresent()) {
            Map<String, String> secrets = new LinkedHashMap<>(config.get().secrets());
            String jwt = secrets.remove("JWT_SECRET");
            t = t.withOtherSecrets(List.copyOf(new java.util.LinkedHashSet<>(secrets.values())));
            if (jwt != null) {
                t = t.withJwtSecret(jwt);
            }
        }
        return t;
    }

    /** Restart, logs and configuration go through the target (process, container, pods...). */
    private record Hooks(Target target, Optional<DeployedConfig> config, String unreadable) implements TargetHooks {
        @Override
        public String describe() {
            return target.name() + unreadable;
        }

        @Override
        public boolean canRestartApi() {
            return target.restarts().isPresent();
        }

        @Override
        public void restartApi() {
            target.restarts().orElseThrow().restart("api");
        }

        @Override
        public Optional<Map<String, String>> recentLogs() {
            Map<String, String> logs = new LinkedHashMap<>();
            for (String component : List.of("api", "web")) {
                StringWriter text = new StringWriter();
                try (PrintWriter out = new PrintWriter(text)) {
                    target.logs(component, false, out);
                } catch (RuntimeException e) {
                    continue;
                }
                logs.put(component, text.toString());
            }
            return logs.isEmpty() ? Optional.empty() : Optional.of(logs);
        }

        @Override
        public Optional<Map<String, String>> plainConfig() {
            return config.map(DeployedConfig::plain);
        }

        @Override
        public Optional<Map<String, EnvSource>> apiEnvSources() {
            return config.flatMap(DeployedConfig::apiEnvSources);
        }
    }
}
