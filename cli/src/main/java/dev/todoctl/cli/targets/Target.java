package dev.todoctl.cli.targets;

import dev.todoctl.cli.pipeline.Stages;

import java.io.PrintWriter;

/**
 * Somewhere the release can run (JKube's BuildService strategy): it says whether it is usable here, supplies the
 * stage implementations for the pipeline, and answers status, down and logs for what it deployed.
 */
public interface Target {
    String name();

    Applicability isApplicable();

    Stages stages();

    StatusReport status();

    DownResult down(boolean purge);

    /** Copies a component's logs to {@code out}; with {@code follow}, keeps copying until interrupted. */
    void logs(String component, boolean follow, PrintWriter out);
}
