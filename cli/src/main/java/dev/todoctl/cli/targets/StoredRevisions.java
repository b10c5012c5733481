package dev.todoctl.cli.targets;

import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.SecretFile;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.rollout.RolloutWatcher;
import dev.todoctl.cli.verify.VerifyResult;
import dev.todoctl.cli.verify.Verifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * History, rollback and key rotation for a target without Helm (docker, local), on its {@link RevisionStore}: the
 * target says whether a revision can still run ({@link #refuseUnusable}) and how to start it again
 * ({@link #redeploy}); the rest — choosing, the rollout wait, the smoke check, the exit codes — is the same.
 */
public abstract class StoredRevisions implements Revisions {
    private final String targetName;
    private final TargetContext ctx;
    protected final RevisionStore store;
    private final Supplier<RolloutWatcher> watcher;
    private final Supplier<Verifier> verifier;

    protected StoredRevisions(String targetName, TargetContext ctx, RevisionStore store, Supplier<RolloutWatcher> watcher,
                              Supplier<Verifier> verifier) {
        this.targetName = targetName;
        this.ctx = ctx;
        this.store = store;
        this.watcher = watcher;
        this.verifier = verifier;
    }

    /** Throws a {@link Phase#ROLLBACK} error naming what is gone when {@code entry} cannot run any more. */
    protected abstract void refuseUnusable(RevisionStore.Entry entry);

    /** Starts {@code entry}'s images/jar and configuration again as a new revision described so. */
    protected abstract DeployResult redeploy(RevisionStore.Entry entry, String description);

    /** Whether the release's api runs now (rotation needs a running release to restart). */
    protected abstract boolean running();

    @Override
    public String where() {
        return "on the " + targetName + " target";
    }

    @Override
    public List<Revision> history() {
        return store.list().stream().map(e -> e.revision("", "")).toList();
    }

    @Override
    public RollbackResult rollback(Optional<Integer> to, boolean verify, Duration timeout) {
        String release = ctx.config().release();
        try {
            List<Revision> history = history();
            Revision chosen = Revisions.choose(release, history, to);
            RevisionStore.Entry entry = store.get(chosen.number()).orElseThrow();
            refuseUnusable(entry);
            int from = history.getLast().number();
            ctx.console().info("rolling back " + release + " from revision " + from + " to revision "
                    + chosen.number() + " (" + String.join(", ", chosen.images()) + ")");
            DeployResult deploy = redeploy(entry, "rollback to " + chosen.number());
            RolloutResult rollout = watcher.get().await(deploy, ctx.clock().instant().plus(timeout));
            VerifyResult checks = verify ? verifier.get().verify(rollout) : VerifyResult.skipped();
            return new RollbackResult(release, from, chosen.number(), deploy.revision(), rollout, checks);
        } catch (TodoctlException e) {
            throw e.phase() == Phase.ROLLBACK ? e
                    : new TodoctlException(Phase.ROLLBACK, "rollback failed: " + e.getMessage(), e.suggestions(), e);
        } catch (RuntimeException e) {
            throw new TodoctlException(Phase.ROLLBACK, "rollback failed: " + e.getMessage(),
                    List.of("`todoctl status --target " + targetName + "` shows what runs now"), e);
        }
    }

    /** The "cannot be put back" refusal every target words the same way. */
    protected static TodoctlException gone(RevisionStore.Entry entry, String what, String target) {
        return new TodoctlException(Phase.ROLLBACK, "revision " + entry.revision() + " cannot be put back: " + what
                + "; nothing was changed", List.of("`todoctl history --target " + target + "` lists the revisions; "
                + "choose one that can still run", "or deploy the sources you want: `todoctl up --target " + target + "`"));
    }

    /**
     * {@code todoctl secrets rotate jwt} where one api runs: the key file in {@code dir} rotates (the old one kept
     * beside it as {@code jwt-secret.previous}, still accepted) and the current revision starts again with both keys
     * as a new revision.
     */
    public SecretRotation.Rotated rotateJwt(Path dir, Duration timeout) {
        if (!ctx.config().app().jwtSecret().isEmpty()) {
            throw TodoctlException.usage("the JWT secret comes from your configuration (app.jwt-secret), not from "
                    + "todoctl; nothing was changed", "rotate it there and run `todoctl up`");
        }
        RevisionStore.Entry current = currentRunning();
        SecretFile.rotate(dir.resolve("jwt-secret"), dir.resolve("jwt-secret.previous"), 48);
        Restarted restarted = restart(current, "secrets rotate jwt", timeout);
        return new SecretRotation.Rotated("jwt", List.of("new JWT key in " + dir.resolve("jwt-secret")
                + "; the previous one kept beside it (jwt-secret.previous) and still accepted",
                "the api restarted with both keys as revision " + restarted.revision(), restarted.summary()),
                restarted.revision());
    }

    /** The deployed revision that runs now; a usage error (nothing changed) when the release does not run. */
    protected RevisionStore.Entry currentRunning() {
        return store.list().stream().filter(e -> e.status().equals("deployed"))
                .reduce((a, b) -> b).filter(e -> running())
                .orElseThrow(() -> TodoctlException.usage("release " + ctx.config().release() + " is not running on the "
                        + targetName + " target; nothing was changed", "start it: `todoctl up --target " + targetName + "`"));
    }

    /** What {@link #restart} made: the new revision and the rollout's summary. */
    protected record Restarted(int revision, String summary) {
    }

    /** {@code current} started again (with what the state directory holds now) as a new revision, waited for, verified. */
    protected Restarted restart(RevisionStore.Entry current, String description, Duration timeout) {
        DeployResult deploy = redeploy(current, description);
        RolloutResult rollout = watcher.get().await(deploy, ctx.clock().instant().plus(timeout));
        verifier.get().verify(rollout);
        return new Restarted(deploy.revision(), rollout.summary());
    }
}
