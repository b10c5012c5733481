package dev.todoctl.cli.ops.images;

/** How much a finding matters; {@code --fail-on} compares against this order. */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
