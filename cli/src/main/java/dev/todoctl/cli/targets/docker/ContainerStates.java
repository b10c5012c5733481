package dev.todoctl.cli.targets.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.todoctl.cli.targets.EventLog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Docker keeps no per-container event history worth showing; each container's state (status, health, restarts,
 * OOM kill, exit code and error) is the story, one entry per container.
 */
final class ContainerStates implements EventLog {
    private final DockerStack stack;

    ContainerStates(DockerStack stack) {
        this.stack = stack;
    }

    @Override
    public String source() {
        return "container states (docker has no per-container event history)";
    }

    @Override
    public List<Event> recent(Optional<String> component, int max) {
        List<Event> events = new ArrayList<>();
        for (String c : component.map(List::of).orElse(DockerStack.COMPONENTS)) {
            String name = stack.container(c);
            try {
                InspectContainerResponse i = stack.docker().inspectContainerCmd(name).exec();
                var s = i.getState();
                StringBuilder sb = new StringBuilder();
                if (s.getHealth() != null) {
                    sb.append("health ").append(s.getHealth().getStatus()).append(", ");
                }
                sb.append("restarts ").append(i.getRestartCount());
                boolean oom = Boolean.TRUE.equals(s.getOOMKilled());
                if (oom) {
                    sb.append(", OOM-killed");
                }
                boolean running = Boolean.TRUE.equals(s.getRunning());
                if (!running) {
                    sb.append(", exit code ").append(s.getExitCodeLong()).append(", finished ").append(s.getFinishedAt());
                    if (s.getError() != null && !s.getError().isEmpty()) {
                        sb.append(", error: ").append(s.getError());
                    }
                } else {
                    sb.append(", started ").append(s.getStartedAt());
                }
                boolean unhealthy = s.getHealth() != null && "unhealthy".equals(s.getHealth().getStatus());
                events.add(new Event(running && !oom && !unhealthy ? "Normal" : "Warning", s.getStatus(),
                        "container/" + name, sb.toString(), 1));
            } catch (NotFoundException e) {
                events.add(new Event("Warning", "missing", "container/" + name, "no such container", 1));
            }
        }
        return events.subList(Math.max(0, events.size() - max), events.size());
    }
}
