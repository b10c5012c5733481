package dev.todoctl.cli.ui;

/** {@code --output}: human table, or one machine-readable document on stdout. */
public enum OutputFormat {
    table, json, yaml;

    public boolean machine() {
        return this != table;
    }
}
