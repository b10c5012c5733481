package dev.todoctl.cli.ops.diagnose;

import dev.todoctl.cli.snapshot.DockerSnapshot;
import dev.todoctl.cli.snapshot.Readiness;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.todoctl.cli.snapshot.DockerSnapshot.component;
import static dev.todoctl.cli.snapshot.DockerSnapshot.name;

/**
 * The rules for a release on a Docker engine. A container that could not start because its host port is taken is
 * reported once, as a port conflict, not also as "exited"; a restart loop once, not also as "exited".
 */
public final class DockerRules {
    static final int RESTARTS = 3;

    public static final List<Rule<DockerSnapshot>> ALL = List.of(
            Rule.of("docker/not-deployed", DockerRules::notDeployed),
            Rule.of("docker/exited", DockerRules::exited),
            Rule.of("docker/unhealthy", DockerRules::unhealthy),
            Rule.of("docker/restart-loop", DockerRules::restartLoop),
            Rule.of("docker/port-conflict", DockerRules::portConflict),
            Rule.of("docker/volume-missing", DockerRules::volumeMissing),
            Rule.of("docker/database-unreachable", DockerRules::databaseUnreachable));

    private DockerRules() {
    }

    static List<Finding> notDeployed(DockerSnapshot s) {
        return s.containers().isEmpty() ? List.of(new Finding("docker/not-deployed", Severity.INFO, "release",
                "release " + s.release() + " has no containers on this engine", List.of("no container labelled "
                + DockerSnapshot.RELEASE_LABEL + "=" + s.release()), List.of(s.todoctl("up")))) : List.of();
    }

    static List<Finding> exited(DockerSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (InspectContainerResponse c : s.containers()) {
            if (DockerSnapshot.running(c) || DockerSnapshot.restarting(c) || portError(c) || restarts(c) >= RESTARTS) {
                continue;
            }
            var state = c.getState();
            List<String> evidence = new ArrayList<>();
            evidence.add("state: " + state.getStatus() + ", exit code " + state.getExitCodeLong()
                    + (isSet(state.getFinishedAt()) ? " at " + state.getFinishedAt() : ""));
            if (Boolean.TRUE.equals(state.getOOMKilled())) {
                evidence.add("OOMKilled: true (killed for memory)");
            }
            if (state.getError() != null && !state.getError().isBlank()) {
                evidence.add("error: " + state.getError());
            }
            evidence.addAll(logLines(s.logTail(c)));
            findings.add(new Finding("docker/exited", Severity.CRITICAL, component(c), "container " + name(c)
                    + " is not running (" + state.getStatus() + ", exit code " + state.getExitCodeLong() + ")", evidence,
                    List.of("docker logs --tail 50 " + name(c) + "   # why it stopped", s.todoctl("up")
                            + "   # recreates and starts what is not running")));
        }
        return findings;
    }

    static List<Finding> unhealthy(DockerSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (InspectContainerResponse c : s.containers()) {
            var health = c.getState() == null ? null : c.getState().getHealth();
            if (!DockerSnapshot.running(c) || health == null || !"unhealthy".equals(health.getStatus())) {
                continue;
            }
            List<String> evidence = new ArrayList<>();
            evidence.add("health: unhealthy, failing streak " + health.getFailingStreak());
            Optional.ofNullable(health.getLog()).filter(l -> !l.isEmpty()).map(List::getLast).ifPresent(last -> {
                evidence.add("last health check: exit code " + last.getExitCodeLong() + " at " + last.getEnd());
                outputLines(last).forEach(line -> evidence.add("  | " + line));
            });
            evidence.addAll(logLines(s.logTail(c)));
            findings.add(new Finding("docker/unhealthy", Severity.CRITICAL, component(c), "container " + name(c)
                    + " is running but its health check fails", evidence,
                    List.of("docker logs --tail 50 " + name(c), "docker restart " + name(c))));
        }
        return findings;
    }

    static List<Finding> restartLoop(DockerSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (InspectContainerResponse c : s.containers()) {
            if (!DockerSnapshot.restarting(c) && restarts(c) < RESTARTS) {
                continue;
            }
            List<String> evidence = new ArrayList<>();
            evidence.add("state: " + c.getState().getStatus() + ", restarts " + restarts(c) + ", last exit code "
                    + c.getState().getExitCodeLong());
            evidence.addAll(logLines(s.logTail(c)));
            findings.add(new Finding("docker/restart-loop", Severity.CRITICAL, component(c), "container " + name(c)
                    + " keeps restarting (" + restarts(c) + " restarts, last exit code " + c.getState().getExitCodeLong() + ")",
                    evidence, List.of("docker logs --tail 50 " + name(c) + "   # why it exits",
                    "docker stop " + name(c) + "   # stop the loop while you fix it")));
        }
        return findings;
    }

    static List<Finding> portConflict(DockerSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (InspectContainerResponse c : s.containers()) {
            Optional<Integer> port = DockerSnapshot.hostPort(c);
            if (DockerSnapshot.running(c) || port.isEmpty()) {
                continue;
            }
            String holder = s.portHolders().get(port.get());
            if (holder == null && !portError(c)) {
                continue;
            }
            List<String> evidence = new ArrayList<>();
            evidence.add("state: " + c.getState().getStatus() + ", host port 127.0.0.1:" + port.get());
            if (holder != null) {
                evidence.add("127.0.0.1:" + port.get() + " is held by " + holder);
            }
            if (portError(c)) {
                evidence.add("error: " + c.getState().getError());
            }
            String setting = "docker." + component(c) + "-port";
            List<String> fixes = new ArrayList<>();
            if (holder != null && holder.startsWith("container ")) {
                fixes.add("docker stop " + holder.substring("container ".length()).split(" ")[0]);
            } else {
                fixes.add("ss -ltnp 'sport = :" + port.get() + "'   # which process holds it");
            }
            if (setting.equals("docker.api-port") || setting.equals("docker.web-port")) {
                fixes.add(s.todoctl("up") + " --set " + setting + "=" + s.sparePort() + "   # or move to a free port");
            }
            findings.add(new Finding("docker/port-conflict", Severity.CRITICAL, component(c), "container " + name(c)
                    + " cannot start: host port " + port.get() + " is taken by "
                    + (holder == null ? "something else" : holder), evidence, fixes));
        }
        return findings;
    }

    static List<Finding> volumeMissing(DockerSnapshot s) {
        if (s.volumePresent() || s.containers().isEmpty()) {
            return List.of();
        }
        return List.of(new Finding("docker/volume-missing", Severity.CRITICAL, "postgres", "the database volume "
                + s.volume() + " is missing: the tasks it held are gone, and PostgreSQL has nowhere durable to write",
                List.of("docker volume inspect " + s.volume() + ": no such volume",
                        s.container("postgres").map(c -> "container " + name(c) + ": " + c.getState().getStatus())
                                .orElse("no postgres container")),
                List.of(s.todoctl("down") + " && " + s.todoctl("up") + "   # recreates the volume (empty)")));
    }

    static List<Finding> databaseUnreachable(DockerSnapshot s) {
        Optional<Readiness> r = s.apiReadiness().filter(Readiness::answered);
        if (r.isEmpty() || (!r.get().databaseDown() && !r.get().migrationsDown())) {
            return List.of();
        }
        List<String> evidence = new ArrayList<>();
        evidence.add(r.get().describe());
        String postgres = s.container("postgres").map(DockerSnapshot::name).orElse(s.release() + "-postgres");
        s.container("postgres").ifPresentOrElse(c -> evidence.add("container " + name(c) + ": " + c.getState().getStatus()
                        + (c.getState().getHealth() == null ? "" : ", " + c.getState().getHealth().getStatus())),
                () -> evidence.add("no postgres container"));
        return List.of(new Finding("docker/database-unreachable", Severity.CRITICAL, "api", r.get().databaseDown()
                ? "the api cannot reach its database (its readiness says database DOWN)"
                : "the api reaches its database but the migrations are not applied", evidence,
                List.of("docker logs --tail 50 " + postgres, "docker start " + postgres + "   # if it is stopped",
                        s.todoctl("up"))));
    }

    private static boolean portError(InspectContainerResponse c) {
        String error = c.getState() == null ? null : c.getState().getError();
        return error != null && (error.contains("port is already allocated") || error.contains("address already in use"));
    }

    private static long restarts(InspectContainerResponse c) {
        return c.getRestartCount() == null ? 0 : c.getRestartCount();
    }

    private static List<String> outputLines(HealthStateLog log) {
        String output = log.getOutput() == null ? "" : log.getOutput().strip();
        return output.isEmpty() ? List.of() : output.lines().limit(5).toList();
    }

    private static List<String> logLines(List<String> tail) {
        if (tail.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("last log lines:");
        tail.forEach(l -> lines.add("  | " + l));
        return lines;
    }

    private static boolean isSet(String time) {
        return time != null && !time.startsWith("0001-");
    }
}
