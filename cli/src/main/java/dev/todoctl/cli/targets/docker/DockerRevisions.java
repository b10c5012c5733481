package dev.todoctl.cli.targets.docker;

import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.platform.SecretFile;
import dev.todoctl.cli.targets.DatabaseAccess;
import dev.todoctl.cli.targets.DatabaseRoles;
import dev.todoctl.cli.targets.RevisionStore;
import dev.todoctl.cli.targets.SecretRotation;
import dev.todoctl.cli.targets.StoredRevisions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The docker target's revisions as {@link DockerDeployer} recorded them: a revision runs again from its images by
 * id (kept by their {@code todoctl-<release>-rev-N} tags) and its non-secret configuration; one whose images the engine no
 * longer has is refused before anything is stopped.
 */
final class DockerRevisions extends StoredRevisions {
    private final DockerTarget target;

    DockerRevisions(DockerTarget target, RevisionStore store) {
        super("docker", target.context(), store, target::watcher, target::verifier);
        this.target = target;
    }

    @Override
    protected void refuseUnusable(RevisionStore.Entry entry) {
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
            throw gone(entry, "its images are gone from the Docker engine: " + String.join(", ", gone), "docker");
        }
    }

    @Override
    protected DeployResult redeploy(RevisionStore.Entry entry, String description) {
        return target.deployer().apply(DockerDeployer.spec(entry), Optional.of(entry.revision()), description,
                new ArrayList<>());
    }

    /**
     * {@code todoctl secrets rotate database} on the docker target: the standby login role gets a new password in the
     * PostgreSQL container (docker exec, as the owner over the local socket), the state directory's {@code db-user}
     * and {@code db-password} (0600) name it, the api container starts again with them as a new revision (a gap of a
     * few seconds, as for the JWT key: one api container), and the old role's password is replaced by one nobody
     * knows. See {@link DatabaseRoles} for the two roles.
     */
    SecretRotation.Rotated rotateDatabase(Path dir, Duration timeout) {
        RevisionStore.Entry current = currentRunning();
        DatabaseAccess.Postgres pg = new DockerDatabase(target, target.stack()).access();
        DatabaseRoles roles = new DatabaseRoles(pg.exec(), pg.user(), pg.database(), pg.where());
        roles.ping();
        String active = SecretFile.read(dir.resolve(DockerDeployer.DB_USER_FILE)).orElse(roles.owner());
        String next = roles.next(active);

        String fresh = SecretFile.random(24);
        roles.prepare(next, fresh);
        DockerDeployer.keepInitialPasswordHash(dir);
        SecretFile.write(dir.resolve(DockerDeployer.DB_PASSWORD_FILE), fresh);
        SecretFile.write(dir.resolve(DockerDeployer.DB_USER_FILE), next);
        List<String> steps = new ArrayList<>();
        steps.add("PostgreSQL: role " + next + " logs in with a new password (in " + dir.resolve(DockerDeployer.DB_PASSWORD_FILE)
                + ", 0600)" + (next.equals(roles.owner()) ? "" : "; a member of " + roles.owner() + ", as whom it acts"));
        Restarted restarted = restart(current, "secrets rotate database", timeout);
        steps.add("the api restarted as role " + next + " (revision " + restarted.revision() + "): " + restarted.summary());
        roles.retire(active);
        steps.add("role " + active + "'s password replaced by a random one nobody keeps: the old password no longer works");
        return new SecretRotation.Rotated("database", steps, restarted.revision());
    }

    @Override
    protected boolean running() {
        return target.stack().inspect("api").filter(DockerStack::running).isPresent();
    }
}
