package dev.todoctl.cli.ops.assistant;

import dev.todoctl.cli.targets.Target;

/**
 * Where the {@code diagnose} tool gets its findings. The assistant depends on this small seam rather than on the
 * diagnosis rules themselves, so the rules can evolve (and be wired in) on their own.
 */
@FunctionalInterface
public interface DiagnosisSource {
    /** The findings for the release on {@code target}, rendered as text for the model and the user. */
    String diagnose(Target target);

    /** Until a real source is wired: says so, instead of pretending all is well. */
    static DiagnosisSource unavailable() {
        return target -> "Diagnosis is not available in this build of todoctl; use the status, events and logs "
                + "tools instead (or run `todoctl doctor` for the environment).";
    }
}
