package dev.todoctl.cli.targets.selection;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.targets.Applicability;
import dev.todoctl.cli.targets.DeployFlags;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.targets.docker.DockerTarget;
import dev.todoctl.cli.targets.kubernetes.KubernetesTarget;
import dev.todoctl.cli.targets.local.LocalTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Picks the target (JKube's BuildServiceManager): the configured one, or with {@code auto} the first applicable
 * of kubernetes → docker → local, remembering why each earlier one was passed over.
 */
public final class TargetSelector {
    /** The chosen target and the explanation {@code up} prints. */
    public record Selection(Target target, String why) {
    }

    /** A target by name, built only when asked for: a command about one target loads none of the others' code. */
    public record Candidate(String name, Function<TargetContext, Target> factory) {
    }

    private final List<Candidate> order;

    public TargetSelector(List<Candidate> order) {
        this.order = List.copyOf(order);
    }

    public static TargetSelector standard() {
        return standard(DeployFlags.standard());
    }

    /** The standard order, with what the command line's deploy flags change about deploying. */
    public static TargetSelector standard(DeployFlags flags) {
        return new TargetSelector(List.of(new Candidate("kubernetes", ctx -> new KubernetesTarget(ctx, flags)),
                new Candidate("docker", DockerTarget::new), new Candidate("local", LocalTarget::new)));
    }

    public Selection select(TargetContext ctx) {
        String wanted = ctx.config().target();
        if (!"auto".equals(wanted)) {
            Target target = byName(ctx, wanted);
            Applicability applicability = target.isApplicable();
            if (!applicability.applicable()) {
                throw new TodoctlException(Phase.DEPLOY, "target " + wanted + " is not usable here: " + applicability.reason(),
                        List.of("run `todoctl doctor` for what is missing and how to fix it",
                                "or choose another target: --target local"));
            }
            return new Selection(target, "requested (" + applicability.reason() + ")");
        }
        List<String> passed = new ArrayList<>();
        for (Candidate candidate : order) {
            Target target = candidate.factory().apply(ctx);
            Applicability applicability = target.isApplicable();
            if (applicability.applicable()) {
                String why = applicability.reason() + (passed.isEmpty() ? "" : "; " + String.join("; ", passed));
                return new Selection(target, why);
            }
            passed.add("not " + target.name() + ": " + applicability.reason());
        }
        throw new TodoctlException(Phase.DEPLOY, "no target is usable: " + String.join("; ", passed),
                List.of("run `todoctl doctor`"));
    }

    /** The target a command such as status/down/logs talks to, without asking whether it is applicable. */
    public Target byName(TargetContext ctx, String name) {
        for (Candidate candidate : order) {
            if (candidate.name().equals(name)) {
                return candidate.factory().apply(ctx);
            }
        }
        throw TodoctlException.usage("unknown target '" + name + "'", "use kubernetes, docker or local");
    }

    /**
     * The target status, down and logs talk to: the configured one, else the one {@code up} last used for this
     * release (recorded in the state directory), else local.
     */
    public Target current(TargetContext ctx) {
        String wanted = ctx.config().target();
        if ("auto".equals(wanted)) {
            java.nio.file.Path file = ctx.config().stateDir().resolve("target");
            try {
                wanted = java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.readString(file).trim() : "local";
            } catch (java.io.IOException e) {
                wanted = "local";
            }
        }
        return byName(ctx, wanted);
    }

    public static void remember(TargetContext ctx, Target target) {
        try {
            java.nio.file.Files.createDirectories(ctx.config().stateDir());
            java.nio.file.Files.writeString(ctx.config().stateDir().resolve("target"), target.name() + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
