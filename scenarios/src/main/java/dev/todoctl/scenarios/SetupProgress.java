package dev.todoctl.scenarios;

import java.time.Duration;

/** The set-up phase so far, once a second: users done (prepared or failed) of all, failures, time spent. */
public record SetupProgress(int done, int users, int failed, Duration elapsed) {
}
