package dev.todoctl.cli.outcome;

import java.time.Duration;
import java.util.List;

/** What every stage reports: a one-line summary, how long it took and the evidence behind it. */
public interface StageResult {
    String stage();

    String summary();

    Duration duration();

    List<String> evidence();
}
