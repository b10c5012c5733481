package dev.todoctl.cli.targets;

import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.ui.Console;

import java.time.Clock;

/** What every target is built from. */
public record TargetContext(TodoctlConfig config, Environment env, Console console, Clock clock) {
}
