package dev.todoctl.cli.deploy;

import dev.todoctl.cli.build.BuildResult;

/** Makes the runtime run the built artifacts with the configuration; does nothing when nothing changed. */
public interface ReleaseDeployer {
    DeployResult deploy(BuildResult build);
}
