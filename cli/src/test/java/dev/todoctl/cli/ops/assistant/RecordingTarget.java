package dev.todoctl.cli.ops.assistant;

import dev.todoctl.cli.config.ConfigLoader;
import dev.todoctl.cli.config.ConfigRequest;
import dev.todoctl.cli.pipeline.Stages;
import dev.todoctl.cli.platform.Environment;
import dev.todoctl.cli.rollout.ComponentStatus;
import dev.todoctl.cli.targets.Applicability;
import dev.todoctl.cli.targets.DownResult;
import dev.todoctl.cli.targets.StatusReport;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.OutputFormat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A target that answers status and logs from fixed data and records every call that would change something. */
final class RecordingTarget implements Target {
    final List<String> mutations = new ArrayList<>();
    private final List<ComponentStatus> components;

    RecordingTarget(List<ComponentStatus> components) {
        this.components = components;
    }

    static RecordingTarget healthy() {
        return new RecordingTarget(List.of(new ComponentStatus("api", 1, 1, "todo-chatbot-api:1.0.0", "running"),
                new ComponentStatus("web", 1, 1, "todo-chatbot-web:1.0.0", "running")));
    }

    static RecordingTarget webCrashing() {
        return new RecordingTarget(List.of(new ComponentStatus("api", 1, 1, "todo-chatbot-api:1.0.0", "running"),
                new ComponentStatus("web", 0, 1, "todo-chatbot-web:1.0.0", "exited (1), restarting")));
    }

    static TargetContext context(Path dir) {
        Environment env = new Environment(Map.of("HOME", dir.toString()), dir, dir, false);
        var config = new ConfigLoader(env, null).load(ConfigRequest.defaults());
        StringWriter sink = new StringWriter();
        return new TargetContext(config, env, new Console(new PrintWriter(sink), new PrintWriter(sink),
                Console.Verbosity.QUIET, OutputFormat.table, false, false), Clock.systemUTC());
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Applicability isApplicable() {
        return Applicability.yes("always");
    }

    @Override
    public Stages stages() {
        mutations.add("stages");
        throw new UnsupportedOperationException("no pipeline in this fake");
    }

    @Override
    public StatusReport status() {
        return new StatusReport(name(), new StatusReport.Release("todo-chatbot", 3), components,
                Map.of("web", "http://127.0.0.1:8000"), true);
    }

    @Override
    public DownResult down(boolean purge) {
        mutations.add("down " + purge);
        return new DownResult(name(), "todo-chatbot", List.of(), List.of());
    }

    @Override
    public java.util.Optional<dev.todoctl.cli.targets.Restarts> restarts() {
        return java.util.Optional.of(new dev.todoctl.cli.targets.Restarts() {
            @Override
            public String unit() {
                return "component";
            }

            @Override
            public void restart(String component) {
                mutations.add("restart " + component);
            }
        });
    }

    @Override
    public void logs(String component, boolean follow, PrintWriter out) {
        for (int i = 1; i <= 80; i++) {
            out.println((component == null ? "api | " : "") + "line " + i);
        }
        if ("web".equals(component)) {
            out.println("FATAL: cannot reach api at http://api:8080");
        }
        out.flush();
    }
}
