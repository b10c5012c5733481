package dev.todoctl.cli.targets;

import dev.todoctl.cli.pipeline.Stages;
import dev.todoctl.cli.sampling.ResourceSampler;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * Somewhere the release can run (JKube's BuildService strategy): it says whether it is usable here, supplies the
 * stage implementations for the pipeline, and answers status, down and logs for what it deployed.
 *
 * <p>What only some targets can do is an optional capability that callers ask for ({@link #revisions()},
 * {@link #restarts()}, {@link #events()} …) instead of testing for a concrete target: a command that needs one it
 * does not get says so, with the target's name. The three implementations are the only ones (kubernetes, docker,
 * local); {@code TargetSelector} alone constructs them and {@code ArchitectureTest} checks that nothing else
 * depends on a concrete target. (A {@code sealed} interface would say the same, but on the class path Java allows
 * a sealed type's subclasses only in its own package.)
 */
public interface Target {
    String name();

    Applicability isApplicable();

    Stages stages();

    StatusReport status();

    DownResult down(boolean purge);

    /**
     * What this target configured the running release with (plain configuration, secret sources, secret values), for
     * validation's hygiene checks; empty when the target cannot tell.
     */
    default Optional<DeployedConfig> deployedConfig() {
        return Optional.empty();
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

    /** History and rollback ({@code todoctl history}, {@code todoctl rollback}). */
    default Optional<Revisions> revisions() {
        return Optional.empty();
    }

    /** Restarting a component in place (a crash drill, the assistant's restart). */
    default Optional<Restarts> restarts() {
        return Optional.empty();
    }

    /** Recent events about the components. */
    default Optional<EventLog> events() {
        return Optional.empty();
    }

    /**
     * Something that samples the release while a load test runs: CPU and memory of containers (docker) or processes
     * (local), the autoscalers' replica counts (kubernetes).
     */
    default Optional<ResourceSampler> sampler() {
        return Optional.empty();
    }

    /** Resource use right now. */
    default Optional<UsageMeter> usage() {
        return Optional.empty();
    }

    /** The state {@code todoctl diagnose} reads. */
    default Optional<SnapshotSource> diagnosis() {
        return Optional.empty();
    }

    /** Forwards from a local port to a component, where components are not reachable as they are. */
    default Optional<PortForwards> portForwards() {
        return Optional.empty();
    }

    /** Replicated workloads: scaling and rolling restarts. */
    default Optional<Workloads> workloads() {
        return Optional.empty();
    }

    /** Changing the release's chart values in place. */
    default Optional<ChartValuesEditor> chartValues() {
        return Optional.empty();
    }

    /** Rotating the release's secrets without losing sessions. */
    default Optional<SecretRotation> secretRotation() {
        return Optional.empty();
    }

    /** The release's database, for backup and restore. */
    default Optional<DatabaseAccess> database() {
        return Optional.empty();
    }

    /** Load generators inside the target and per-replica request counts (kubernetes). */
    default Optional<InClusterLoad> inClusterLoad() {
        return Optional.empty();
    }

    /** Deploying without build and load ({@code todoctl deploy}). */
    default Optional<DeployOnly> deployOnly() {
        return Optional.empty();
    }

    /** {@code todoctl dev}'s fast paths: assets served from the sources, restart with freshly compiled classes. */
    default Optional<LiveReload> liveReload() {
        return Optional.empty();
    }
}
