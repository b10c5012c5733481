package dev.todoctl.cli.commands;

import dev.todoctl.cli.daemon.DaemonPlace;
import dev.todoctl.cli.daemon.Daemons;
import dev.todoctl.cli.ui.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "daemon", description = "The background JVM that answers status, history, config view and doctor "
        + "at once: see it, stop it.",
        subcommands = {DaemonCommand.Status.class, DaemonCommand.Stop.class},
        footerHeading = "%nNotes:%n",
        footer = {"  The launcher starts a daemon on the first read-only command and uses it from then on; it ends",
                "  after TODOCTL_DAEMON_IDLE without a request (default 3h), when todoctl is rebuilt, or on",
                "  `todoctl daemon stop`. TODOCTL_DAEMON=off runs every command in a JVM of its own.",
                "", "Examples:", "  todoctl daemon status", "  todoctl daemon stop"})
public final class DaemonCommand extends TodoctlCommand {
    @Override
    protected int run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    static Path directory(TodoctlCommand command) {
        var env = command.env();
        return DaemonPlace.directory(env.vars(), env.home().toString());
    }

    @Command(name = "status", description = "The daemons running for this user: pid, age, requests, idle time, log.",
            footerHeading = "%nExamples:%n", footer = {"  todoctl daemon status", "  todoctl daemon status -o json"})
    public static final class Status extends TodoctlCommand {
        @Mixin
        OutputOption output;

        @Override
        protected OutputFormat format() {
            return output.format();
        }

        @Override
        protected int run() {
            Path dir = directory(this);
            List<Daemons.Found> found = Daemons.list(dir);
            if (format().machine()) {
                List<Map<String, Object>> docs = new ArrayList<>();
                for (Daemons.Found f : found) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("socket", f.socket().toString());
                    doc.put("running", f.answered());
                    doc.putAll(f.facts());
                    docs.add(doc);
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("directory", dir.toString());
                doc.put("daemons", docs);
                renderer().print(doc);
                return 0;
            }
            if (found.isEmpty()) {
                console().result().println("no daemon running (" + dir + ")");
                return 0;
            }
            renderer().table(List.of("PID", "STARTED", "REQUESTS", "IDLE", "HEAP", "LOG"), found.stream()
                    .map(f -> f.answered()
                            ? List.of(f.facts().getOrDefault("pid", "?"), f.facts().getOrDefault("started", "?"),
                                    f.facts().getOrDefault("requests", "?"),
                                    f.facts().getOrDefault("idle-seconds", "?") + "s of "
                                            + f.facts().getOrDefault("idle-limit-seconds", "?") + "s",
                                    f.facts().getOrDefault("heap-used-mb", "?") + " MB", f.facts().getOrDefault("log", ""))
                            : List.of("-", "not answering (stale socket)", "-", "-", "-", f.socket().toString()))
                    .toList());
            return 0;
        }
    }

    @Command(name = "stop", description = "Stops every daemon of this user and waits until they are gone.",
            footerHeading = "%nExamples:%n", footer = {"  todoctl daemon stop"})
    public static final class Stop extends TodoctlCommand {
        @Override
        protected int run() {
            List<Daemons.Found> stopped = Daemons.stop(directory(this), Duration.ofSeconds(10));
            console().result().println(stopped.isEmpty() ? "no daemon was running"
                    : "stopped " + stopped.size() + " daemon" + (stopped.size() == 1 ? "" : "s") + " (pid "
                    + String.join(", ", stopped.stream().map(f -> f.facts().getOrDefault("pid", "?")).toList()) + ")");
            return 0;
        }
    }
}
