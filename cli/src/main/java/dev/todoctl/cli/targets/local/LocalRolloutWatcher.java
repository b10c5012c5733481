package dev.todoctl.cli.targets.local;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.rollout.ComponentStatus;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.rollout.RolloutWatcher;
import dev.todoctl.cli.targets.RevisionStore;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Polls each process and its readiness endpoint until all are ready, one dies, or the deadline passes. */
final class LocalRolloutWatcher implements RolloutWatcher {
    private final LocalTarget target;
    private final LocalState state;
    private final Console console;
    private final Clock clock;

    private final RevisionStore revisions;

    LocalRolloutWatcher(LocalTarget target, LocalState state, Console console, Clock clock, RevisionStore revisions) {
        this.target = target;
        this.state = state;
        this.console = console;
        this.clock = clock;
        this.revisions = revisions;
    }

    /** Waits as {@link #awaitReady}; a revision whose wait fails is recorded as failed, with the reason. */
    @Override
    public RolloutResult await(DeployResult deploy, Instant deadline) {
        return revisions.watching(deploy, () -> awaitReady(deadline));
    }

    private RolloutResult awaitReady(Instant deadline) {
        try (Progress progress = console.progress("waiting for api and web to be ready")) {
            while (true) {
                List<ComponentStatus> components = target.componentStatuses();
                for (ComponentStatus c : components) {
                    if ("exited".equals(c.detail())) {
                        throw failure(c.name() + " exited during start-up", c.name());
                    }
                }
                if (components.stream().allMatch(ComponentStatus::healthy)) {
                    return new RolloutResult(components, Duration.ZERO, components.stream()
                            .map(c -> c.name() + ": " + c.detail()).toList());
                }
                progress.update(String.join(", ", components.stream().map(c -> c.name() + " " + c.detail()).toList()));
                if (clock.instant().isAfter(deadline)) {
                    String waiting = String.join(", ", components.stream().filter(c -> !c.healthy())
                            .map(c -> c.name() + " (" + c.detail() + ")").toList());
                    throw failure("not ready before the deadline: " + waiting,
                            components.stream().filter(c -> !c.healthy()).findFirst().map(ComponentStatus::name).orElse("api"));
                }
                sleep();
            }
        }
    }

    private TodoctlException failure(String what, String component) {
        return new TodoctlException(Phase.DEPLOY, what + "; last lines of " + state.logFile(component) + ":\n    "
                + String.join("\n    ", tail(state.logFile(component), 15)),
                List.of("see `todoctl logs " + component + "`", "raise timeouts.ready if it is only slow",
                        "`todoctl down` stops what did start"));
    }

    static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TodoctlException(Phase.DEPLOY, "interrupted while waiting for readiness");
        }
    }
}
