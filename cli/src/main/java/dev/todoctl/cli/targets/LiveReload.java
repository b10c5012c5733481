package dev.todoctl.cli.targets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * What a target offers {@code todoctl dev} beyond a redeploy: a deployment whose web component serves the UI's
 * files straight from the sources, and whose JVMs put a directory of freshly compiled classes ahead of the built
 * jar, so that a saved asset is served at once and a Java change needs only a compile and the restart of the
 * components it touches. Targets without it get every change through the whole {@code up} pipeline.
 */
public interface LiveReload {

    /**
     * Where a dev deployment reads from: the web assets' source directory and the overlay of compiled classes (and
     * resources) that goes on the class path before the jar. Part of the deployment's fingerprint, so a later
     * {@code todoctl up} deploys the plain jar again.
     */
    record Session(Path webAssets, Path overlay) {
    }

    /** Makes the target's next deploy a dev deployment of {@code session} (before the first {@code up} stage). */
    void begin(Session session);

    /** How the deployed web component gets {@link Session#webAssets()}, in words. */
    String webAssetsServed();

    /**
     * Whether the web component reads the assets straight from the sources (nothing to do on a save); when not, a
     * saved asset restarts web through {@link #restart} like a Java change.
     */
    default boolean assetsFromSources() {
        return true;
    }

    /**
     * Copies the session's web assets into the running web component, when the target can do that without a
     * restart (kubernetes: into each web pod). False when it cannot; then a saved asset restarts web through
     * {@link #restart}. Only asked when {@link #assetsFromSources()} is false.
     */
    default boolean syncAssets() {
        return false;
    }

    /**
     * Restarts these components of the dev deployment with the overlay (and, when not read from the sources, the
     * assets). Targets that replace pods return once the new ones are ready; the others return at once and the loop
     * polls readiness.
     */
    void restart(Set<String> components, Duration grace);

    /** Whether {@link #restart} returns only once the new components are ready (a rollout), so the loop need not poll. */
    default boolean restartWaits() {
        return false;
    }

    /** The dev loop ends: stops whatever the target runs in the background for it (no-op by default). */
    default void end() {
    }

    /** Follows a component's log from now on (not its history) until interrupted, one line at a time. */
    void tail(String component, java.util.function.Consumer<String> line) throws InterruptedException;
}
