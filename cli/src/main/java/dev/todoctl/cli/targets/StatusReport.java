package dev.todoctl.cli.targets;

import dev.todoctl.cli.rollout.ComponentStatus;

import java.util.List;
import java.util.Map;

/**
 * The stable machine-readable view of a release ({@code status} and {@code up} with {@code --output json}):
 * target, release {name, revision}, components [{name, ready, desired, image}], urls {web, api}.
 */
public record StatusReport(String target, Release release, List<ComponentStatus> components, Map<String, String> urls,
                           boolean deployed) {

    public record Release(String name, int revision) {
    }

    public StatusReport {
        components = List.copyOf(components);
        urls = Map.copyOf(urls);
    }

    public static StatusReport notDeployed(String target, String release) {
        return new StatusReport(target, new Release(release, 0), List.of(), Map.of(), false);
    }

    public boolean healthy() {
        return deployed && !components.isEmpty() && components.stream().allMatch(ComponentStatus::healthy);
    }
}
