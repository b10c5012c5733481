package dev.todoctl.cli.targets;

import java.util.List;

/** What {@code down} removed, and what it kept (data unless purged). */
public record DownResult(String target, String release, List<String> removed, List<String> kept) {
    public DownResult {
        removed = List.copyOf(removed);
        kept = List.copyOf(kept);
    }
}
