package dev.todoctl.cli.targets.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Names and lookups of one release's Docker objects: network {@code <release>}, volume {@code <release>-pgdata},
 * containers {@code <release>-postgres|api|web}, all labelled {@code dev.todoctl.release=<release>} so a fresh
 * todoctl finds them again.
 */
public record DockerStack(DockerClient docker, String release) {
    public static final String RELEASE = "dev.todoctl.release";
    public static final String COMPONENT = "dev.todoctl.component";
    static final String FINGERPRINT = "dev.todoctl.fingerprint";
    static final String REVISION = "dev.todoctl.revision";
    public static final String HOST_PORT = "dev.todoctl.host-port";
    public static final List<String> COMPONENTS = List.of("postgres", "api", "web");

    String network() {
        return release;
    }

    public String volume() {
        return release + "-pgdata";
    }

    public String container(String component) {
        return container(release, component);
    }

    /** The container's name, without a client (the read-only commands ask the engine's socket directly). */
    static String container(String release, String component) {
        return release + "-" + component;
    }

    Map<String, String> labels(String component) {
        return Map.of(RELEASE, release, COMPONENT, component);
    }

    public Optional<InspectContainerResponse> inspect(String component) {
        try {
            return Optional.of(docker.inspectContainerCmd(container(component)).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    public List<Container> containers() {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RELEASE, release)).exec();
    }

    public static boolean running(InspectContainerResponse c) {
        return c.getState() != null && Boolean.TRUE.equals(c.getState().getRunning())
                && !Boolean.TRUE.equals(c.getState().getRestarting());
    }

    public static String label(InspectContainerResponse c, String key) {
        Map<String, String> labels = c.getConfig() == null ? null : c.getConfig().getLabels();
        return labels == null ? "" : labels.getOrDefault(key, "");
    }

    /** The last lines a container wrote (stdout and stderr), for failure messages. */
    public List<String> tail(String component, int lines) {
        List<String> out = new ArrayList<>();
        try {
            docker.logContainerCmd(container(component)).withStdOut(true).withStdErr(true).withTail(lines)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.add(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8).stripTrailing());
                        }
                    }).awaitCompletion(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.add("(no logs: " + e.getMessage() + ")");
        }
        return out;
    }

    void remove(String component, int stopSeconds) {
        inspect(component).ifPresent(c -> {
            if (running(c)) {
                try {
                    docker.stopContainerCmd(c.getId()).withTimeout(stopSeconds).exec();
                } catch (RuntimeException e) {
                    // already stopping or gone: the forced removal below settles it
                }
            }
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
        });
    }
}
