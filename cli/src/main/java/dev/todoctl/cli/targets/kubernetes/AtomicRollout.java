package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.rollout.RolloutWatcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Helm's {@code --atomic}, done after our own rollout wait rather than Helm's {@code --wait} (whose timeout
 * says nothing about why): when the new revision does not become ready, it is marked failed, the release goes
 * back to the last good revision (a rollback, as {@code todoctl rollback} makes it) — or, for a first install,
 * is uninstalled — and the failure says so. Exit code stays 30.
 */
public final class AtomicRollout implements RolloutWatcher {
    private final RolloutWatcher delegate;
    private final HelmService helm;
    private final boolean atomic;
    private final Consumer<String> progress;

    public AtomicRollout(RolloutWatcher delegate, HelmService helm, boolean atomic, Consumer<String> progress) {
        this.delegate = delegate;
        this.helm = helm;
        this.atomic = atomic;
        this.progress = progress;
    }

    @Override
    public RolloutResult await(DeployResult deploy, Instant deadline) {
        try {
            return delegate.await(deploy, deadline);
        } catch (TodoctlException e) {
            if (!deploy.changed()) {
                throw e;
            }
            throw undo(deploy, e);
        }
    }

    /** Marks the revision failed and, when atomic, puts the last good one back; returns the failure to raise. */
    public TodoctlException undo(DeployResult deploy, TodoctlException failure) {
        String firstLine = failure.getMessage().lines().findFirst().orElse("");
        List<String> fixes = new ArrayList<>(failure.suggestions());
        if (!atomic) {
            // The new revision is marked failed and the one it replaced stays superseded. Not "deployed" again: Helm's
            // next upgrade (and rollback) would then diff from that older manifest, and whatever only the failed
            // revision added stays live — found on a real cluster, where a crash-looping revision's extra env var
            // survived every later rollback. With no deployed revision, Helm diffs from the failed one.
            helm.markStatus(deploy.revision(), "failed", "Rollout failed: " + firstLine);
            fixes.add("`todoctl rollback` returns to the last good revision");
            return new TodoctlException(Phase.DEPLOY, failure.getMessage() + "\nrevision " + deploy.revision()
                    + " is left in place (--no-atomic)", fixes, failure);
        }
        Optional<ReleaseRecord> good = helm.lastGoodBefore(deploy.revision());
        try {
            if (good.isPresent()) {
                progress.accept("rolling back to revision " + good.get().revision());
                var back = helm.rollbackTo(good.get());
                helm.markStatus(deploy.revision(), "failed", "Rollout failed: " + firstLine);
                return new TodoctlException(Phase.DEPLOY, failure.getMessage() + "\nrolled back: revision "
                        + deploy.revision() + " failed, revision " + good.get().revision() + " is back (as revision "
                        + back.getRevision() + ")", fixes, failure);
            }
            progress.accept("first install failed: uninstalling " + helm.release());
            helm.uninstall();
            return new TodoctlException(Phase.DEPLOY, failure.getMessage() + "\nthe failed first install of "
                    + helm.release() + " was uninstalled (atomic); data volumes are kept", fixes, failure);
        } catch (TodoctlException undoFailed) {
            fixes.add("the automatic rollback failed too: " + undoFailed.getMessage());
            return new TodoctlException(Phase.DEPLOY, failure.getMessage(), fixes, failure);
        }
    }
}
