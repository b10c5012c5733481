package dev.todoctl.cli.targets;

import java.util.List;

/**
 * One revision of a release, as {@code todoctl history} shows it on every target: its number, when it was made,
 * its status ({@code deployed}, {@code superseded}, {@code failed}), what made it, and the images (or jar) it runs.
 * {@code chart} and {@code appVersion} are empty where the target has no chart (docker, local).
 */
public record Revision(int number, String updated, String status, String chart, String appVersion, List<String> images,
                       String description) {
    public Revision {
        images = List.copyOf(images);
    }

    /** Whether a rollback may go back to it: it ran (Helm's rule: deployed or superseded, not failed). */
    public boolean good() {
        return status.equals("deployed") || status.equals("superseded");
    }
}
