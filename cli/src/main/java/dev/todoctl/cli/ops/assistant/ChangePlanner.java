package dev.todoctl.cli.ops.assistant;

import dev.todoctl.cli.targets.ChartValuesEditor;
import dev.todoctl.cli.targets.Restarts;
import dev.todoctl.cli.targets.Revision;
import dev.todoctl.cli.targets.Revisions;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.targets.Workloads;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mutating half of the assistant: it looks at the current state, then returns a {@link PlannedChange} that
 * says exactly what will happen (names, namespace, from and to) — or why it cannot happen here. It never changes
 * anything itself; the work sits inside the planned change until the gate approves it.
 */
final class ChangePlanner {
    static final int MAX_REPLICAS = 20;

    private final Target target;
    private final TargetContext ctx;
    private final TargetInspector inspector;
    private final Duration readyTimeout;
    private final boolean verify;

    ChangePlanner(Target target, TargetContext ctx, TargetInspector inspector, Duration readyTimeout, boolean verify) {
        this.target = target;
        this.ctx = ctx;
        this.inspector = inspector;
        this.readyTimeout = readyTimeout;
        this.verify = verify;
    }

    Plan scale(String component, int replicas) {
        if (replicas < 0 || replicas > MAX_REPLICAS) {
            return Plan.notPossible("Cannot scale to " + replicas + " replicas: give a number from 0 to " + MAX_REPLICAS + ".");
        }
        Optional<Workloads> workloads = target.workloads();
        if (workloads.isEmpty()) {
            return Plan.notPossible("Scaling is not supported on the " + target.name() + " target: it runs one "
                    + target.restarts().map(Restarts::unit).orElse("instance") + " per component. Only the kubernetes "
                    + "target can run several replicas.");
        }
        Optional<String> name = Components.resolve(component, inspector.componentNames());
        if (name.isEmpty()) {
            return Plan.notPossible(inspector.unknownComponent(component));
        }
        Optional<Workloads.Workload> found = workloads.get().find(name.get());
        if (found.isEmpty()) {
            return Plan.notPossible("There is no workload for " + name.get() + "; is the release deployed?");
        }
        Workloads.Workload w = found.get();
        if (w.stateful()) {
            return Plan.notPossible("The " + name.get() + " is a StatefulSet with a single PostgreSQL instance; more "
                    + "replicas would not replicate its data, so todoctl does not scale it.");
        }
        if (w.replicas() == replicas) {
            return Plan.notPossible("Deployment " + w.name() + " in namespace " + w.namespace() + " already has "
                    + replicas + " replicas; nothing to change.");
        }
        String note = w.autoscaler().map(h -> " (note: HorizontalPodAutoscaler " + h
                + " manages this Deployment and may change the count back)").orElse("");
        String description = "Will scale deployment " + w.name() + " in namespace " + w.namespace() + " from "
                + w.replicas() + " to " + replicas + " replicas" + note + ".";
        return PlannedChange.of(description, () -> {
            workloads.get().scale(w, replicas);
            return "Scaled deployment " + w.name() + " in namespace " + w.namespace() + " from " + w.replicas() + " to "
                    + replicas + " replicas; the pods follow within moments (ask \"is everything healthy?\").";
        });
    }

    Plan restart(String component) {
        Optional<String> name = Components.resolve(component, inspector.componentNames());
        if (name.isEmpty()) {
            return Plan.notPossible(inspector.unknownComponent(component));
        }
        String c = name.get();
        if (target.workloads().isPresent()) {
            return rollingRestart(target.workloads().get(), c);
        }
        Optional<Restarts> restarts = target.restarts();
        if (restarts.isEmpty()) {
            return Plan.notPossible("The " + target.name() + " target cannot restart a component.");
        }
        String what = restarts.get().unit();
        return PlannedChange.of("Will restart the " + c + " " + what + " on the " + target.name()
                + " target (same configuration and data; it is unavailable while it starts).", () -> {
                    restarts.get().restart(c);
                    return "Restarted the " + c + " " + what + " on the " + target.name() + " target; it is starting "
                            + "(ask \"is everything healthy?\" in a few seconds).";
                });
    }

    /** Where there are replicated workloads, their own restart: pods replaced one by one. */
    private Plan rollingRestart(Workloads workloads, String component) {
        Optional<Workloads.Workload> found = workloads.find(component);
        if (found.isEmpty()) {
            return Plan.notPossible("There is no workload for " + component + "; is the release deployed?");
        }
        Workloads.Workload w = found.get();
        return PlannedChange.of("Will do a rolling restart of " + w.kind() + " " + w.name() + " in namespace "
                + w.namespace() + " (pods replaced one by one).", () -> {
                    workloads.rollingRestart(w);
                    return "Started a rolling restart of " + w.kind() + " " + w.name() + " in namespace " + w.namespace() + ".";
                });
    }

    /** A rollback as {@code todoctl rollback} does it: a new revision from revision N's images and configuration. */
    Plan rollback(Integer revision) {
        Optional<Revisions> revisions = target.revisions();
        if (revisions.isEmpty()) {
            return Plan.notPossible("Rollback is not available on the " + target.name() + " target. Redeploy the "
                    + "version you want with `todoctl up`.");
        }
        List<Revision> history = revisions.get().history();
        String release = ctx.config().release();
        if (history.isEmpty()) {
            return Plan.notPossible("Release " + release + " has no revisions to roll back.");
        }
        Revision current = history.getLast();
        Revision to;
        try {
            to = Revisions.choose(release, history, Optional.ofNullable(revision));
        } catch (dev.todoctl.cli.outcome.TodoctlException e) {
            return Plan.notPossible(e.getMessage() + ".");
        }
        if (to.number() == current.number()) {
            return Plan.notPossible("Revision " + current.number() + " is already the current one.");
        }
        String description = "Will roll back release " + release + " " + revisions.get().where() + " from revision "
                + current.number() + " to revision " + to.number() + " (images " + String.join(", ", to.images())
                + "), then wait for the rollout.";
        return PlannedChange.of(description, () -> {
            Revisions.RollbackResult r = revisions.get().rollback(Optional.of(to.number()), verify, readyTimeout);
            return "Rolled back " + r.release() + " from revision " + r.from() + " to revision " + r.to()
                    + " (now revision " + r.revision() + "): " + r.rollout().summary();
        });
    }

    /** Chart value paths that may be set this way; secrets never go through chart values. */
    private static final java.util.regex.Pattern VALUE_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final java.util.regex.Pattern SECRET_KEY = java.util.regex.Pattern.compile(
            "(?i).*(password|secret|token|api[_-]?key|credential).*");

    /** {@code helm upgrade --reuse-values --set key=value} of the current revision, then the rollout wait. */
    Plan setValue(String key, String value) {
        if (key == null || !VALUE_KEY.matcher(key).matches() || value == null) {
            return Plan.notPossible("Give a chart value path like api.env.LOG_LEVEL and a value.");
        }
        if (SECRET_KEY.matcher(key).matches()) {
            return Plan.notPossible("Not setting " + key + ": secrets never go into chart values (they would be stored "
                    + "in the release record). Pass them with `todoctl deploy --env-file FILE`, which puts them in a Secret.");
        }
        Optional<ChartValuesEditor> editor = target.chartValues();
        if (editor.isEmpty()) {
            return Plan.notPossible("Setting chart values needs the kubernetes target (a Helm release); on the "
                    + target.name() + " target change todoctl.yaml or --set and run `todoctl up`.");
        }
        Optional<ChartValuesEditor.Current> current = editor.get().current();
        if (current.isEmpty()) {
            return Plan.notPossible("Release " + ctx.config().release() + " is not deployed; run `todoctl up` first.");
        }
        Object now = current.get().values();
        for (String part : key.split("\\.")) {
            now = now instanceof Map<?, ?> m ? m.get(part) : null;
        }
        String description = "Will set " + key + "=" + value + " on release " + current.get().release() + " in namespace "
                + current.get().namespace() + " (now " + (now == null ? "the chart's default"
                : String.valueOf(now)) + "), as a new revision after " + current.get().revision()
                + " with the same chart and values, then wait for the rollout; if it fails, revision "
                + current.get().revision() + " is put back.";
        return PlannedChange.of(description, () -> {
            ChartValuesEditor.Changed r = editor.get().set(Map.of(key, value), readyTimeout);
            return "Set " + key + "=" + value + " on " + r.release() + ": revision " + r.revision() + " (was "
                    + r.from() + "): " + r.rollout().summary();
        });
    }
}
