package dev.todoctl.cli.targets.local;

import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.targets.Revision;
import dev.todoctl.cli.targets.RevisionStore;
import dev.todoctl.cli.targets.Revisions;
import dev.todoctl.cli.verify.VerifyResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * History and rollback on the local target: the revisions {@link LocalDeployer} recorded, and a rollback that starts
 * a revision's kept jar on its JDK again as a new revision, then waits and smoke-checks as {@code up} does. A
 * revision whose jar is no longer kept is refused before anything is stopped.
 */
final class LocalRevisions implements Revisions {
    private final LocalTarget target;
    private final RevisionStore store;

    LocalRevisions(LocalTarget target, RevisionStore store) {
        this.target = target;
        this.store = store;
    }

    @Override
    public String where() {
        return "on the local target";
    }

    @Override
    public List<Revision> history() {
        return store.list().stream().map(e -> e.revision("", "")).toList();
    }

    @Override
    public RollbackResult rollback(Optional<Integer> to, boolean verify, Duration timeout) {
        String release = target.context().config().release();
        try {
            List<Revision> history = history();
            Revision chosen = Revisions.choose(release, history, to);
            LocalDeployer.Spec spec = LocalDeployer.spec(store.get(chosen.number()).orElseThrow());
            if (!Files.isRegularFile(Path.of(spec.jar()))) {
                throw new TodoctlException(Phase.ROLLBACK, "revision " + chosen.number() + " cannot be put back: its jar "
                        + spec.jar() + " is gone; nothing was changed", List.of("`todoctl history --target local` lists "
                        + "the revisions; choose a newer one", "or deploy the sources you want: `todoctl up --target local`"));
            }
            int from = history.getLast().number();
            target.context().console().info("rolling back " + release + " from revision " + from + " to revision "
                    + chosen.number() + " (" + String.join(", ", chosen.images()) + ")");
            DeployResult deploy = target.deployer().redeploy(spec, "rollback to " + chosen.number());
            RolloutResult rollout = target.watcher().await(deploy, target.context().clock().instant().plus(timeout));
            VerifyResult checks = verify ? target.verifier().verify(rollout)
                    : new VerifyResult(Map.of(), List.of("smoke check skipped (--no-verify)"), Duration.ZERO, List.of());
            return new RollbackResult(release, from, chosen.number(), deploy.revision(), rollout, checks);
        } catch (TodoctlException e) {
            throw e.phase() == Phase.ROLLBACK ? e
                    : new TodoctlException(Phase.ROLLBACK, "rollback failed: " + e.getMessage(), e.suggestions(), e);
        } catch (RuntimeException e) {
            throw new TodoctlException(Phase.ROLLBACK, "rollback failed: " + e.getMessage(),
                    List.of("`todoctl status --target local` shows what runs now"), e);
        }
    }
}
