package dev.todoctl.cli.targets;

import dev.todoctl.cli.pipeline.Stages;

import java.io.PrintWriter;

/**
 * Somewhere the release can run (JKube's BuildService strategy): it says whether it is usable here, supplies the
 * stage implementations for the pipeline, and answers status, down and logs for what it deployed.
 */
public interface Target {
    String name();

    Applicability isApplicable();

    Stages stages();

    StatusReport status();

    DownResult down(boolean purge);

    /** Whether {@link #restart} works on this target. */
    default boolean canRestart() {
        return false;
    }

    /**
     * Restarts one component in place, with the same configuration and data (what an operator does to a crashed
     * or stuck process); returns once it was restarted, without waiting for readiness.
     */
    default void restart(String component) {
        throw new dev.todoctl.cli.outcome.TodoctlException(dev.todoctl.cli.outcome.Phase.USAGE, "the " + name()
                + " target cannot restart " + component, java.util.List.of("restart it with the platform's tools"));
    }

    /**
     * What this target configured the running release with (plain configuration, secret sources, secret values), for
     * validation's hygiene checks; empty when the target cannot tell.
     */
    default java.util.Optional<DeployedConfig> deployedConfig() {
        return java.util.Optional.empty();
    }

    /**
     * The release's api and web URLs on this machine, valid until the result is closed — also while the target
     * replaces what serves them (validation's restart scenario, a rollout during a load test). By default the URLs
     * {@link #status} publishes.
     */
    default Endpoints openEndpoints() {
        return Endpoints.fixed(status().urls());
    }

    /** Copies a component's logs to {@code out}; with {@code follow}, keeps copying until interrupted. */
    void logs(String component, boolean follow, PrintWriter out);
}
