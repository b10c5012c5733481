package dev.todoctl.cli.commands;

import dev.todoctl.cli.config.Settings;
import dev.todoctl.cli.config.TodoctlConfig;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "config", description = "Show the effective configuration.",
        subcommands = ConfigCommand.View.class,
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl config view", "  todoctl config view --profile prod -o yaml"})
public final class ConfigCommand extends TodoctlCommand {
    @Override
    protected int run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "view", sortOptions = false,
            description = "Every setting with its effective value and where it came from (flag > env > file > default); "
                    + "secrets are masked.",
            footerHeading = "%nExamples:%n",
            footer = {"  todoctl config view", "  TODOCTL_LOCAL_API_PORT=9090 todoctl config view --set release=demo",
                    "  todoctl config view -o json"})
    public static final class View extends TargetedCommand {
        @Override
        protected int run() {
            TodoctlConfig cfg = targetedConfig();
            if (format().machine()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("profile", cfg.profile());
                doc.put("file", cfg.file().map(Object::toString).orElse(null));
                Map<String, Object> values = new LinkedHashMap<>();
                // insertion order, not Map.of's: Map.of iterates in an order that changes from one JVM to the next
                cfg.values().values().forEach(v -> {
                    Map<String, Object> setting = new LinkedHashMap<>();
                    setting.put("value", v.shown());
                    setting.put("source", v.source());
                    values.put(v.key(), setting);
                });
                doc.put("settings", values);
                renderer().print(doc);
                return 0;
            }
            console().result().println("profile " + cfg.profile() + ", file "
                    + cfg.file().map(Object::toString).orElse("(none)") + ", state " + cfg.stateDir()
                    + ", sources " + cfg.sourceDir().map(Object::toString).orElse("(not found)"));
            renderer().table(List.of("KEY", "VALUE", "SOURCE", "ENV"), cfg.values().values().stream()
                    .map(v -> List.of(v.key(), v.shown().isEmpty() ? "-" : v.shown(), v.source(),
                            Settings.find(v.key()).map(s -> s.envName()).orElse(""))).toList());
            return 0;
        }
    }
}
