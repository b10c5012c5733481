package dev.todoctl.cli.rollout;

import dev.todoctl.cli.deploy.DeployResult;

import java.time.Instant;

/** Waits, until a deadline, for every component of a release to be ready; explains why when it is not. */
public interface RolloutWatcher {
    RolloutResult await(DeployResult deploy, Instant deadline);
}
