package dev.todoctl.cli.targets;

/**
 * Restarting one component in place, with the same configuration and data, as a crash or an operator would
 * (validation's persistence scenario, the assistant's restart): a container restart, a process restart, or
 * deleting the component's pods so their Deployment replaces them.
 */
public interface Restarts {
    /** What a restarted component is called on this target: container, process, pods. */
    String unit();

    /** Restarts {@code component}; returns once it was restarted, without waiting for readiness. */
    void restart(String component);
}
