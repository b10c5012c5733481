package dev.todoctl.cli.targets.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Frame;
import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.deploy.DeployResult;
import dev.todoctl.cli.platform.Concurrently;
import dev.todoctl.cli.platform.HttpProbe;
import dev.todoctl.cli.rollout.ComponentStatus;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.rollout.RolloutWatcher;
import dev.todoctl.cli.targets.RevisionStore;
import dev.todoctl.cli.ui.Console;
import dev.todoctl.cli.ui.Progress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Readiness of the release's containers from this machine: PostgreSQL by {@code pg_isready} inside its container,
 * api and web by their {@code /health/ready} on the 127.0.0.1 port bindings. A container that exits or restarts
 * fails the wait at once, with its last log lines.
 */
final class DockerRolloutWatcher implements RolloutWatcher {
    private final DockerStack stack;
    private final Console console;
    private final HttpProbe http = new HttpProbe();
    private String user = "todo";

    private final RevisionStore revisions;

    DockerRolloutWatcher(DockerStack stack, Console console, RevisionStore revisions) {
        this.stack = stack;
        this.console = console;
        this.revisions = revisions;
    }

    /** Waits as {@link #awaitReady}; a revision whose wait fails is recorded as failed, with the reason. */
    @Override
    public RolloutResult await(DeployResult deploy, Instant deadline) {
        return revisions.watching(deploy, () -> awaitReady(deadline));
    }

    private RolloutResult awaitReady(Instant deadline) {
        List<String> evidence = new ArrayList<>();
        try (Progress progress = console.progress("waiting for api and web to be ready")) {
            for (String component : List.of("api", "web")) {
                progress.update(component);
                String port = stack.inspect(component).map(i -> DockerStack.label(i, DockerStack.HOST_PORT)).orElse("");
                if (port.isEmpty()) {
                    throw failure(component, "has no container");
                }
                awaitHttp(component, "http://127.0.0.1:" + port + "/health/ready", deadline);
                evidence.add(component + " ready on 127.0.0.1:" + port);
            }
        }
        return new RolloutResult(statuses(), Duration.ZERO, evidence);
    }

    List<ComponentStatus> statuses() {
        Map<String, Optional<ContainerFacts>> containers = Concurrently.map(DockerStack.COMPONENTS,
                c -> stack.inspect(c).map(ContainerFacts::of));
        return statuses(containers, http, this::pgReady);
    }

    /**
     * From the containers as inspected; the readiness of each running one is asked side by side: api and web by
     * their {@code /health/ready}, PostgreSQL by its health check when its image has one (then {@code pg_isready}
     * by container id while that is not yet healthy), else by running.
     */
    static List<ComponentStatus> statuses(Map<String, Optional<ContainerFacts>> containers, HttpProbe http,
                                          Predicate<String> pgReady) {
        return List.copyOf(Concurrently.map(DockerStack.COMPONENTS, component -> status(component,
                containers.getOrDefault(component, Optional.empty()), http, pgReady)).values());
    }

    private static ComponentStatus status(String component, Optional<ContainerFacts> c, HttpProbe http,
                                          Predicate<String> pgReady) {
        if (c.isEmpty()) {
            return new ComponentStatus(component, 0, 1, "", "no container");
        }
        String port = c.get().label(DockerStack.HOST_PORT);
        boolean ready;
        String detail;
        if (!c.get().running()) {
            ready = false;
            detail = c.get().state();
        } else if (!port.isEmpty()) {
            ready = http.get("http://127.0.0.1:" + port + "/health/ready").ok();
            detail = ready ? "ready" : "not ready";
        } else {
            String health = c.get().health();
            ready = health.isEmpty() || "healthy".equals(health) || pgReady.test(c.get().id());
            detail = ready ? "ready" : "starting";
        }
        return new ComponentStatus(component, ready ? 1 : 0, 1, c.get().image(), detail);
    }

    void awaitHttp(String component, String url, Instant deadline) {
        while (true) {
            InspectContainerResponse c = stack.inspect(component).orElseThrow(() -> failure(component, "disappeared"));
            if (!DockerStack.running(c) || restarts(c) > 0) {
                throw failure(component, Boolean.TRUE.equals(c.getState().getRestarting()) || restarts(c) > 0
                        ? "is crash-looping (exit code " + c.getState().getExitCodeLong() + ")"
                        : "exited with code " + c.getState().getExitCodeLong());
            }
            if (http.get(url).ok()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw failure(component, "was not ready before the deadline (" + url + ")");
            }
            sleep();
        }
    }

    void awaitPostgres(String user, Instant deadline) {
        this.user = user;
        while (true) {
            InspectContainerResponse c = stack.inspect("postgres").orElseThrow(() -> failure("postgres", "disappeared"));
            if (!DockerStack.running(c)) {
                throw failure("postgres", "exited with code " + c.getState().getExitCodeLong());
            }
            if (pgReady(c.getId())) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw failure("postgres", "did not accept connections before the deadline");
            }
            sleep();
        }
    }

    boolean pgReady(String containerId) {
        try {
            String exec = stack.docker().execCreateCmd(containerId).withCmd("pg_isready", "-q", "-h", "127.0.0.1", "-U", user)
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            stack.docker().execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(5, TimeUnit.SECONDS);
            Long code = stack.docker().inspectExecCmd(exec).exec().getExitCodeLong();
            return code != null && code == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long restarts(InspectContainerResponse c) {
        return c.getRestartCount() == null ? 0 : c.getRestartCount();
    }

    private TodoctlException failure(String component, String what) {
        return new TodoctlException(Phase.DEPLOY, stack.container(component) + " " + what + "; last log lines:\n    "
                + String.join("\n    ", stack.tail(component, 15)),
                List.of("see `todoctl logs " + component + " --target docker`", "raise timeouts.ready if it is only slow",
                        "`todoctl down --target docker` removes what did start (data kept)"));
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TodoctlException(Phase.DEPLOY, "interrupted while waiting for readiness");
        }
    }
}
