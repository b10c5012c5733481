package dev.todoctl.cli.commands;

import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.devloop.ChangePlan;
import dev.todoctl.cli.devloop.DevLoop;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.pipeline.Pipeline;
import dev.todoctl.cli.pipeline.RunReport;
import dev.todoctl.cli.platform.JdkLocator;
import dev.todoctl.cli.targets.Target;
import dev.todoctl.cli.targets.TargetContext;
import dev.todoctl.cli.targets.selection.TargetSelector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

@Command(name = "dev", sortOptions = false,
        description = "Deploy, then watch the sources and redeploy only what a save touched, until Ctrl-C.%n"
                + "A web asset is served from the sources at once; a Java change is compiled and only the components it "
                + "touches restart (local target); the chart, todoctl.yaml, a pom or a deleted class run the whole `up` "
                + "pipeline. The components' logs stream in between. A change that does not compile is reported and the "
                + "last good version keeps serving. Ctrl-C takes the deployment down unless --keep.",
        footerHeading = "%nExamples:%n",
        footer = {"  todoctl dev", "  todoctl dev --target local --keep"})
public final class DevCommand extends TargetedCommand {
    @Option(names = "--keep", description = "Leave the deployment running when the loop stops.")
    boolean keep;

    @Override
    protected int run() {
        TodoctlConfig cfg = targetedConfig();
        if (format().machine()) {
            throw TodoctlException.usage("todoctl dev streams lines for a person; it has no --output json",
                    "use `todoctl up -o json` in scripts");
        }
        Path sourceDir = cfg.sourceDir().orElseThrow(() -> TodoctlException.usage(
                "todoctl dev watches the app's sources, and no source directory is configured",
                "run it in a todoctl checkout, or set source-dir in todoctl.yaml"));
        TargetContext ctx = targetContext(cfg);
        TargetSelector.Selection selection = TargetSelector.standard().select(ctx);
        Target target = selection.target();
        console().info("target " + target.name() + ": " + selection.why());
        TargetSelector.remember(ctx, target);
        Path configFile = cfg.file().orElse(Path.of("todoctl.yaml").toAbsolutePath());
        ChangePlan.Layout layout = new ChangePlan.Layout(sourceDir.toAbsolutePath().normalize(), configFile);
        Path session = cfg.stateDir().resolve("dev").resolve(cfg.release() + "-" + target.name());
        DevLoop loop = new DevLoop(target, layout, session, console(), () -> {
            RunReport report = new Pipeline(target.stages(), new StageLines(console()), Clock.systemUTC())
                    .run(cfg.readyTimeout());
            return report.failure();
        }, cfg.readyTimeout(), cfg.stopGrace());
        Path jar = sourceDir.resolve(cfg.build().artifact());
        Path jdk = new JdkLocator(ctx.env()).find().home();
        boolean interrupted = false;
        try (StopOnSignal signal = new StopOnSignal(loop::stop)) {
            loop.run(Optional.of(jar), jdk);
        } catch (InterruptedException e) {
            interrupted = true; // an embedding thread stopping the loop: the same graceful stop as Ctrl-C
        } finally {
            if (!keep) {
                console().info("stopping: taking release " + cfg.release() + " down on " + target.name()
                        + " (data kept; --keep leaves it running)");
                target.down(false);
            } else {
                console().info("stopped watching; release " + cfg.release() + " keeps running on " + target.name());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        long failed = loop.reloads().stream().filter(r -> !r.ok()).count();
        console().info(loop.reloads().size() + " reload" + (loop.reloads().size() == 1 ? "" : "s")
                + (failed == 0 ? "" : ", " + failed + " failed"));
        return 0;
    }

    /**
     * The first Ctrl-C (SIGINT) or SIGTERM ends the loop gracefully (the reload in progress finishes, the release goes
     * down unless --keep); a second one ends todoctl at once with exit 130, leaving the deployment as it is. At once
     * means {@link Runtime#halt}: the JVM's own shutdown path (hooks) waited for the first stop, which a second signal
     * is exactly the user saying not to.
     */
    @SuppressWarnings("removal")
    static final class StopOnSignal implements AutoCloseable {
        private final Runnable stop;
        private final java.util.Map<String, sun.misc.SignalHandler> previous = new java.util.LinkedHashMap<>();
        private volatile boolean signalled;

        StopOnSignal(Runnable stop) {
            this.stop = stop;
            for (String name : java.util.List.of("INT", "TERM")) {
                try {
                    // through Signals: embedded Helm (the first `up` on kubernetes) takes the signals, and Signals
                    // gives them back to this handler
                    previous.put(name, dev.todoctl.cli.platform.Signals.handle(name, this::handle));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    // no such signal here, or -Xrs: the default handling stays
                }
            }
        }

        private void handle(sun.misc.Signal signal) {
            if (signalled) {
                System.err.println("\nstopped at once: the deployment is left as it is (`todoctl down` removes it)");
                Runtime.getRuntime().halt(130);
            }
            signalled = true;
            stop.run();
        }

        @Override
        public void close() {
            previous.forEach(dev.todoctl.cli.platform.Signals::restore);
        }
    }
}
