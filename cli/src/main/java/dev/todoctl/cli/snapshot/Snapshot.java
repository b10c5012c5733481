package dev.todoctl.cli.snapshot;

/** What a collector read from one target at one moment; the rules only ever look at this. */
public sealed interface Snapshot permits KubeSnapshot, DockerSnapshot, LocalSnapshot {
    String target();

    String release();

    /**
     * The flags a todoctl command in a fix needs to act on this same release ({@code --target} plus any
     * non-default release or namespace settings), so the printed command can be pasted as it is.
     */
    String todoctlFlags();

    default String todoctl(String verb) {
        return "todoctl " + verb + " " + todoctlFlags();
    }
}
