package dev.todoctl.cli.pipeline;

import dev.todoctl.cli.build.ImageBuilder;
import dev.todoctl.cli.deploy.ReleaseDeployer;
import dev.todoctl.cli.load.ImageLoader;
import dev.todoctl.cli.rollout.RolloutWatcher;
import dev.todoctl.cli.verify.Verifier;

/** The stage implementations a target supplies to the {@link Pipeline}. */
public record Stages(ImageBuilder builder, ImageLoader loader, ReleaseDeployer deployer, RolloutWatcher watcher,
                     Verifier verifier) {
}
