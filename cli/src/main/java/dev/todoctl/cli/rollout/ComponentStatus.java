package dev.todoctl.cli.rollout;

/** One component of a release as the runtime reports it. */
public record ComponentStatus(String name, int ready, int desired, String image, String detail) {
    public boolean healthy() {
        return desired > 0 && ready >= desired;
    }
}
