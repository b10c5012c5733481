package dev.todoctl.cli.targets;

import dev.todoctl.cli.pipeline.PipelineListener;
import dev.todoctl.cli.pipeline.RunReport;

import java.time.Duration;

/**
 * {@code todoctl deploy}: the pipeline without build and load — the images are expected where the target runs them
 * already (the running revision's, or the tags given).
 */
public interface DeployOnly {
    RunReport deploy(Duration timeout, PipelineListener listener);

    /** Where the release runs, for the closing line ("context kind-dev, namespace demo"). */
    String where();
}
