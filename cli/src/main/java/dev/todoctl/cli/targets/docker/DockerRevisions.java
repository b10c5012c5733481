package dev.todoctl.cli.targets.docker;

import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.targets.Revision;
import dev.todoctl.cli.targets.RevisionStore;
import dev.todoctl.cli.targets.Revisions;
import dev.todoctl.cli.verify.VerifyResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * History and rollback on the docker target: the revisions {@link DockerDeployer} recorded, and a rollback that
 * starts a recorded revision's images (kept by id) and configuration again as a new revision, then waits and
 * smoke-checks as {@code up} does. A revision whose images the engine no longer has is refused before anything
 * is stopped.
 */
final class DockerRevisions implements Revisions {
    private final DockerTarget target;
    private final RevisionStore store;

    DockerRevisions(DockerTarget target, RevisionStore store) {
        this.target = target;
        this.store = store;
    }

    @Override
    public String where() {
        return "on the docker target";
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
            RevisionStore.Entry entry = store.get(chosen.number()).orElseThrow();
            DockerDeployer.Spec spec = DockerDeployer.spec(entry);
            DockerDeployer deployer = target.deployer();
            List<String> gone = new ArrayList<>();
            for (Map.Entry<String, String> image : Map.of(spec.apiImage(), spec.apiImageId(), spec.webImage(),
                    spec.webImageId()).entrySet()) {
                if (deployer.imageId(image.getValue()).isEmpty()) {
                    gone.add(image.getKey() + " (" + image.getValue() + ")");
                }
            }
            if (!gone.isEmpty()) {
                throw new TodoctlException(Phase.ROLLBACK, "revision " + chosen.number() + " cannot be put back: its "
                        + "images are gone from the Docker engine: " + String.join(", ", gone) + "; nothing was changed",
                        List.of("`todoctl history --target docker` lists the revisions; choose one whose images exist",
                                "or rebuild and deploy the sources you want: `todoctl up --target docker`"));
            }
            int from = history.getLast().number();
            target.context().console().info("rolling back " + release + " from revision " + from + " to revision "
                    + chosen.number() + " (" + String.join(", ", chosen.images()) + ")");
            DeployResult deploy = deployer.apply(spec, Optional.of(chosen.number()), "rollback to " + chosen.number(),
                    new ArrayList<>());
            RolloutResult rollout = target.watcher().await(deploy, target.context().clock().instant().plus(timeout));
            VerifyResult checks = verify ? target.verifier().verify(rollout)
                    : new VerifyResult(Map.of(), List.of("smoke check skipped (--no-verify)"), Duration.ZERO, List.of());
            return new RollbackResult(release, from, chosen.number(), deploy.revision(), rollout, checks);
        } catch (TodoctlException e) {
            throw e.phase() == Phase.ROLLBACK ? e
                    : new TodoctlException(Phase.ROLLBACK, "rollback failed: " + e.getMessage(), e.suggestions(), e);
        } catch (RuntimeException e) {
            throw new TodoctlException(Phase.ROLLBACK, "rollback failed: " + e.getMessage(),
                    List.of("`todoctl status --target docker` shows what runs now"), e);
        }
    }
}
