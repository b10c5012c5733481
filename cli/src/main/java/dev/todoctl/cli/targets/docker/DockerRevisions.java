package dev.todoctl.cli.targets.docker;

import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.targets.RevisionStore;
import dev.todoctl.cli.targets.StoredRevisions;

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

    @Override
    protected boolean running() {
        return target.stack().inspect("api").filter(DockerStack::running).isPresent();
    }
}
