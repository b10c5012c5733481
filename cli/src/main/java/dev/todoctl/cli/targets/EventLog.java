package dev.todoctl.cli.targets;

import java.util.List;
import java.util.Optional;

/**
 * What happened to the release's components recently: Kubernetes events on the kubernetes target, each
 * container's state (status, health, restarts, OOM, exit code) on docker, which keeps no event history.
 */
public interface EventLog {
    /** One event, oldest first: type (Normal/Warning), reason, the object it is about, the message, how often. */
    record Event(String type, String reason, String object, String message, int count) {
    }

    /** Where the events come from, for the heading ("Kubernetes events in namespace x"). */
    String source();

    /** The events about {@code component} (all components when empty), oldest first, at most {@code max}. */
    List<Event> recent(Optional<String> component, int max);
}
