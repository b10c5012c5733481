package dev.todoctl.cli.targets;

import dev.todoctl.cli.snapshot.Snapshot;

import java.util.Optional;

/** Reads everything {@code todoctl diagnose}'s rules look at, once, into a snapshot. Only reads. */
public interface SnapshotSource {
    /** {@code apiUrl}: the api's base URL when the caller has one open (kubernetes), to read its readiness answer. */
    Snapshot collect(Optional<String> apiUrl);
}
