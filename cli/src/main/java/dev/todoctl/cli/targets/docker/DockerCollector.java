package dev.todoctl.cli.targets.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import dev.todoctl.cli.config.TodoctlConfig;
import dev.todoctl.cli.platform.HttpProbe;
import dev.todoctl.cli.platform.Ports;
import dev.todoctl.cli.snapshot.DockerSnapshot;
import dev.todoctl.cli.snapshot.Readiness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a release's containers, volume, logs and host ports from the Docker engine. Only reads. */
final class DockerCollector {
    private static final int LOG_LINES = 15;

    private final DockerTarget target;

    DockerCollector(DockerTarget target) {
        this.target = target;
    }

    DockerSnapshot collect() {
        TodoctlConfig config = target.context().config();
        DockerStack stack = target.stack();
        List<InspectContainerResponse> containers = new ArrayList<>();
        for (Container c : stack.containers()) {
            try {
                containers.add(stack.docker().inspectContainerCmd(c.getId()).exec());
            } catch (NotFoundException e) {
                // removed between list and inspect
            }
        }
        containers.sort(java.util.Comparator.comparing(DockerSnapshot::name));
        boolean volume;
        try {
            stack.docker().inspectVolumeCmd(stack.volume()).exec();
            volume = true;
        } catch (NotFoundException e) {
            volume = false;
        }
        Map<String, List<String>> logs = new LinkedHashMap<>();
        Map<Integer, String> holders = new LinkedHashMap<>();
        for (InspectContainerResponse c : containers) {
            boolean unhealthy = c.getState().getHealth() != null && "unhealthy".equals(c.getState().getHealth().getStatus());
            if (!DockerSnapshot.running(c) || unhealthy || (c.getRestartCount() != null && c.getRestartCount() > 0)) {
                logs.put(DockerSnapshot.name(c), stack.tail(DockerSnapshot.component(c), LOG_LINES));
            }
            if (!DockerSnapshot.running(c)) {
                DockerSnapshot.hostPort(c).ifPresent(port -> holder(stack, c, port).ifPresent(h -> holders.put(port, h)));
            }
        }
        Optional<Readiness> readiness = containers.stream().filter(c -> "api".equals(DockerSnapshot.label(c,
                        DockerSnapshot.COMPONENT_LABEL))).filter(DockerSnapshot::running).findFirst()
                .flatMap(DockerSnapshot::hostPort).map(port -> {
                    String url = "http://127.0.0.1:" + port + "/health/ready";
                    HttpProbe.Answer answer = new HttpProbe(Readiness.TIMEOUT).get(url);
                    return new Readiness(url, answer.status(), answer.body());
                });
        StringBuilder flags = new StringBuilder("--target docker");
        for (String key : List.of("release", "state-dir", "docker.host")) {
            if (config.explicit(key)) {
                flags.append(" --set ").append(key).append('=').append(config.values().get(key).value());
            }
        }
        return new DockerSnapshot(config.release(), target.context().clock().instant(), flags.toString(), containers,
                stack.volume(), volume, logs, holders, Ports.anyFree(), readiness);
    }

    /** Another container publishing the port, else "another process" when the port cannot be bound here. */
    private static Optional<String> holder(DockerStack stack, InspectContainerResponse self, int port) {
        for (Container other : stack.docker().listContainersCmd().exec()) {
            if (other.getId().equals(self.getId()) || other.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : other.getPorts()) {
                if (p.getPublicPort() != null && p.getPublicPort() == port) {
                    String name = other.getNames() == null || other.getNames().length == 0 ? other.getId()
                            : other.getNames()[0].replaceFirst("^/", "");
                    return Optional.of("container " + name + " (" + other.getImage() + ")");
                }
            }
        }
        return Ports.isFree(port) ? Optional.empty() : Optional.of("another process on this machine");
    }
}
