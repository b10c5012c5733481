package dev.todoctl.cli.ops.diagnose;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How bad a finding is; any {@link #CRITICAL} finding makes {@code todoctl diagnose} exit 30. */
public enum Severity {
    CRITICAL, WARNING, INFO;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
