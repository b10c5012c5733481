package dev.todoctl.cli.commands;

import dev.todoctl.cli.TodoctlException;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetSelector;
import dev.todoctl.cli.targets.kubernetes.KubernetesTarget;
import dev.todoctl.cli.ui.StatusView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "port-forward", sortOptions = false,
        description = "On kubernetes: forward a local port to the web (or api) Service until interrupted, and print "
                + "the URL. On docker and local, where the ports are published already: print the URLs.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl port-forward               # web on http://127.0.0.1:8000",
                "  todoctl port-forward api --port 9090"})
public final class PortForwardCommand extends TodoctlCommand {
    @Mixin
    TargetOption target;
    @Mixin
    ConfigOptions config;

    @Parameters(arity = "0..1", paramLabel = "COMPONENT", defaultValue = "web", description = "web (default) or api")
    String component;

    @Option(names = "--port", paramLabel = "PORT", description = "Local port (default 8000 for web, 8080 for api; 0 = any).")
    Integer port;

    @Override
    protected int run() {
        if (!component.equals("web") && !component.equals("api")) {
            throw TodoctlException.usage("unknown component '" + component + "'", "use web or api");
        }
        TodoctlConfig cfg = loadConfig(config.request(targetFlag(target)));
        var ctx = targetContext(cfg);
        Target current = TargetSelector.standard().current(ctx);
        if (!(current instanceof KubernetesTarget)) {
            StatusView.urls(current.status().urls(), console().result());
            return 0;
        }
        KubernetesTarget kubernetes = new KubernetesTarget(ctx);
        int local = port != null ? port : component.equals("web") ? 8000 : 8080;
        try (var forward = kubernetes.portForward(component, local)) {
            console().result().println(component + " http://127.0.0.1:" + forward.getLocalPort() + "  (Ctrl-C stops)");
            console().result().flush();
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return 0;
    }
}
