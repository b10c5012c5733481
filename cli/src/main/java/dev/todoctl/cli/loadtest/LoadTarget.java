package dev.todoctl.cli.loadtest;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.rollout.ComponentStatus;
import dev.todoctl.cli.sampling.ResourceSampler;
import dev.todoctl.cli.targets.Endpoints;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a load test runs against: the base URL, the release revision and images (recorded with baselines), and
 * how to watch it — found from the target {@code status} knows about, or just a URL given with {@code --base-url}.
 */
public record LoadTarget(String name, String baseUrl, int revision, Map<String, String> images, ResourceSampler sampler) {

    /**
     * {@code baseUrl} alone: just that URL. Otherwise {@code current}'s release, reached at {@code baseUrl} or through
     * {@code endpoints} (kept open by the caller for the run).
     */
    public static LoadTarget resolve(TargetContext ctx, Optional<Target> current, Optional<String> baseUrl,
                                     Endpoints endpoints) {
        if (current.isEmpty()) {
            return new LoadTarget("url", baseUrl.orElseThrow(), 0, Map.of(),
                    ResourceSampler.none("--base-url without --target: todoctl does not know what serves it"));
        }
        Target target = current.get();
        StatusReport status = status(target, ctx, baseUrl.isPresent());
        String url = baseUrl.or(() -> Optional.ofNullable(endpoints.urls().get("api")))
                .or(() -> Optional.ofNullable(status.urls().get("api")))
                .or(() -> Optional.ofNullable(status.urls().get("web")))
                .orElseThrow(() -> new TodoctlException(Phase.DEPLOY,
                        "nothing to load: the " + target.name() + " target has no running release '" + ctx.config().release() + "'",
                        List.of("start it first: todoctl up --target " + target.name(), "or point at a running api: --base-url http://127.0.0.1:8080")));
        Map<String, String> images = new LinkedHashMap<>();
        for (ComponentStatus c : status.components()) {
            images.put(c.name(), c.image());
        }
        return new LoadTarget(target.name(), url, status.release().revision(), images, target.sampler().orElseGet(() ->
                ResourceSampler.none("nothing to watch on the " + target.name() + " target")));
    }

    private static StatusReport status(Target target, TargetContext ctx, boolean urlGiven) {
        try {
            return target.status();
        } catch (TodoctlException e) {
            if (!urlGiven) {
                throw e;
            }
            // the URL is given: the target only adds revision and images, and is watched if it can be
            return StatusReport.notDeployed(target.name(), ctx.config().release());
        }
    }
}
