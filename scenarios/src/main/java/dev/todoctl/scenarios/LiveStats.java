package dev.todoctl.scenarios;

import java.time.Duration;

/** A run so far, once a second: elapsed time, requests and errors in total, and requests per second lately. */
public record LiveStats(Duration elapsed, long requests, long errors, double recentRps) {
}
