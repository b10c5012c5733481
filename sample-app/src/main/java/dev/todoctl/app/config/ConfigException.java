package dev.todoctl.app.config;

/** Invalid configuration: the process refuses to start and says which variable is wrong and how to fix it. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
