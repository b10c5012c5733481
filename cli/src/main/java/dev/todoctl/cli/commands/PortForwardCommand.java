package dev.todoctl.cli.commands;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.targets.PortForwards;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.selection.TargetSelector;
import dev.todoctl.cli.ui.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "port-forward", sortOptions = false,
        description = "On kubernetes: forward a local port on 127.0.0.1 to a ready pod of the web (or api) Service "
                + "until interrupted, and print the URL. On docker and local, where the ports are published already: "
                + "print the URLs.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl port-forward               # web on http://127.0.0.1:8000",
                "  todoctl port-forward api --port 9090",
                "  todoctl port-forward --port 0 -o json   # any free port; {\"url\": ...} on stdout"})
public final class PortForwardCommand extends TodoctlCommand {
    /** How often the forward is looked at for connections the cluster refused. */
    private static final Duration CHECK_EVERY = Duration.ofMillis(250);

    @Mixin
    TargetOption target;
    @Mixin
    ConfigOptions config;
    @Mixin
    OutputOption output;

    @Parameters(arity = "0..1", paramLabel = "COMPONENT", defaultValue = "web", description = "web (default) or api")
    String component;

    @Option(names = "--port", paramLabel = "PORT", description = "Local port (default 8000 for web, 8080 for api; 0 = any).")
    Integer port;

    @Override
    protected OutputFormat format() {
        return output.format();
    }

    @Override
    protected int run() {
        if (!component.equals("web") && !component.equals("api")) {
            throw TodoctlException.usage("unknown component '" + component + "'", "use web or api");
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw TodoctlException.usage("--port " + port + " is not a port", "give 1-65535, or 0 for any free port");
        }
        TodoctlConfig cfg = loadConfig(config.request(targetFlag(target)));
        var ctx = targetContext(cfg);
        Target current = TargetSelector.standard().current(ctx);
        Optional<PortForwards> forwards = current.portForwards();
        if (forwards.isEmpty()) {
            if (format().machine()) {
                renderer().print(current.status().urls());
            } else {
                StatusView.urls(current.status().urls(), console().result());
            }
            return 0;
        }
        int local = port != null ? port : component.equals("web") ? 8000 : 8080;
        // Ctrl-C runs shutdown hooks, not our finally blocks: the hook interrupts this thread and waits (briefly)
        // until the forward is closed, so the local port and the websockets are released before the JVM ends.
        CountDownLatch closed = new CountDownLatch(1);
        Thread self = Thread.currentThread();
        Thread hook = new Thread(() -> {
            self.interrupt();
            try {
                closed.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "port-forward-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (PortForwards.Forward forward = forwards.get().open(component, local)) {
            announce(forward);
            forwardUntilInterrupted(forward);
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already: the hook is running
            }
        }
        console().info("port-forward to " + component + " stopped");
        return 0;
    }

    private void announce(PortForwards.Forward forward) {
        if (format().machine()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("component", component);
            doc.put("url", forward.url());
            doc.put("pod", forward.backend());
            doc.put("pod_port", forward.backendPort());
            renderer().print(doc);
        } else {
            console().result().println(component + " " + forward.url() + "  (pod " + forward.backend() + " port "
                    + forward.backendPort() + "; Ctrl-C stops)");
        }
        console().result().flush();
    }

    /** Blocks until interrupted (the stop signal, not an error), telling about connections the cluster refused. */
    private void forwardUntilInterrupted(PortForwards.Forward forward) {
        Set<String> told = new HashSet<>();
        while (true) {
            try {
                Thread.sleep(CHECK_EVERY);
            } catch (InterruptedException e) {
                return;
            }
            for (String error : forward.errors()) {
                if (told.add(error)) {
                    console().warn("a connection through the port-forward failed: " + error);
                }
            }
        }
    }
}
