package dev.todoctl.cli.targets.local;

import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.targets.RevisionStore;
import dev.todoctl.cli.targets.StoredRevisions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local target's revisions as {@link LocalDeployer} recorded them: a revision runs again from its kept copy of
 * the jar on the JDK it ran on; one whose jar is no longer kept is refused before anything is stopped.
 */
final class LocalRevisions extends StoredRevisions {
    private final LocalTarget target;

    LocalRevisions(LocalTarget target, RevisionStore store) {
        super("local", target.context(), store, target::watcher, target::verifier);
        this.target = target;
    }

    @Override
    protected void refuseUnusable(RevisionStore.Entry entry) {
        LocalDeployer.Spec spec = LocalDeployer.spec(entry);
        if (!Files.isRegularFile(Path.of(spec.jar()))) {
            throw gone(entry, "its jar " + spec.jar() + " is gone", "local");
        }
    }

    @Override
    protected DeployResult redeploy(RevisionStore.Entry entry, String description) {
        return target.deployer().redeploy(LocalDeployer.spec(entry), description);
    }

    @Override
    protected boolean running() {
        return target.processes().find("api").isPresent();
    }
}
