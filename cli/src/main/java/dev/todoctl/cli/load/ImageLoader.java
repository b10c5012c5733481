package dev.todoctl.cli.load;

import dev.todoctl.cli.build.BuildResult;

/** Puts built artifacts where the runtime can see them (a cluster node, a registry); a no-op where shared. */
public interface ImageLoader {
    LoadResult load(BuildResult build);

    /** For targets whose runtime already sees what was built (local files, the Docker engine that built it). */
    static ImageLoader none(String why) {
        return build -> new LoadResult(true, why, java.time.Duration.ZERO, java.util.List.of());
    }
}
