package dev.todoctl.cli.verify;

import dev.todoctl.cli.Phase;
import dev.todoctl.cli.TodoctlException;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.Target;
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
 * given by hand, or of the release the current target runs, plus hooks into that target (its logs).
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

    /** The deployed release of {@code target}; a release that is not deployed is a usage error with a fix. */
    public static ValidationTarget of(Target target) {
        StatusReport status = target.status();
        String api = status.urls().get("api");
        if (!status.deployed() || api == null) {
            throw new TodoctlException(Phase.USAGE, "nothing is deployed on the " + target.name() + " target",
                    List.of("run `todoctl up --target " + target.name() + "` first, or give --base-url"));
        }
        ValidationTarget t = ValidationTarget.of(api).withHooks(new Hooks(target));
        String web = status.urls().get("web");
        return web == null ? t : t.withWebUrl(web);
    }

    /** Restart and logs go through the target (process, container, ...). */
    private record Hooks(Target target) implements TargetHooks {
        @Override
        public String describe() {
            return target.name();
        }

        @Override
        public boolean canRestartApi() {
            return target.canRestart();
        }

        @Override
        public void restartApi() {
            target.restart("api");
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
    }
}
