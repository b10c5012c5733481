package dev.todoctl.validation.contract;

/** One difference between the frozen and the live contract. */
public record Change(Severity severity, String location, String description) {

    /** Breaking: an existing client can fail. Compatible: existing clients keep working. */
    public enum Severity { BREAKING, COMPATIBLE }

    public boolean breaking() {
        return severity == Severity.BREAKING;
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + location + ": " + description;
    }
}
