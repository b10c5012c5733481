package dev.todoctl.cli.ops.diagnose;

import dev.todoctl.cli.snapshot.LocalSnapshot;
import dev.todoctl.cli.snapshot.Readiness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules for the local target (api and web as JVM processes). A process that died because its port was
 * taken is reported once, as the port conflict.
 */
public final class LocalRules {
    public static final List<Rule<LocalSnapshot>> ALL = List.of(
            Rule.of("local/not-deployed", LocalRules::notDeployed),
            Rule.of("local/process-gone", LocalRules::processGone),
            Rule.of("local/port-taken", LocalRules::portTaken),
            Rule.of("local/api-not-ready", LocalRules::apiNotReady));

    private LocalRules() {
    }

    static List<Finding> notDeployed(LocalSnapshot s) {
        return s.deployment().isPresent() ? List.of() : List.of(new Finding("local/not-deployed", Severity.INFO, "release",
                "release " + s.release() + " is not deployed on the local target",
                List.of("no " + s.stateDir().resolve("deployment.json")), List.of(s.todoctl("up"))));
    }

    static List<Finding> processGone(LocalSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        if (s.deployment().isEmpty()) {
            return findings;
        }
        for (String component : LocalSnapshot.COMPONENTS) {
            if (s.alive(component) || portTakenBy(s, component)) {
                continue;
            }
            long pid = s.processes().getOrDefault(component, new LocalSnapshot.Process(0, false)).pid();
            List<String> evidence = new ArrayList<>();
            evidence.add(pid == 0 ? "no pid file " + s.stateDir().resolve(component + ".pid")
                    : "pid " + pid + " from " + s.stateDir().resolve(component + ".pid") + ": no such process");
            evidence.addAll(logLines(s, component));
            findings.add(new Finding("local/process-gone", Severity.CRITICAL, component, "the " + component
                    + " process is not running (it was started on port " + s.port(component) + ")", evidence,
                    List.of("tail -n 50 " + s.logFile(component) + "   # why it stopped", s.todoctl("up")
                            + "   # starts it again")));
        }
        return findings;
    }

    static List<Finding> portTaken(LocalSnapshot s) {
        List<Finding> findings = new ArrayList<>();
        for (String component : LocalSnapshot.COMPONENTS) {
            if (s.deployment().isEmpty() || s.alive(component) || !portTakenBy(s, component)) {
                continue;
            }
            int port = s.port(component);
            List<String> evidence = new ArrayList<>();
            evidence.add("127.0.0.1:" + port + " is in use, and not by todoctl's " + component + " process");
            evidence.addAll(logLines(s, component));
            findings.add(new Finding("local/port-taken", Severity.CRITICAL, component, "port " + port + " of the "
                    + component + " is taken by another process, so the " + component + " cannot listen on it", evidence,
                    List.of("ss -ltnp 'sport = :" + port + "'   # which process holds it",
                            s.todoctl("up") + " --set local." + component + "-port=" + s.sparePort()
                                    + "   # or move to a free port")));
        }
        return findings;
    }

    static List<Finding> apiNotReady(LocalSnapshot s) {
        Optional<Readiness> readiness = s.apiReadiness();
        if (s.deployment().isEmpty() || !s.alive("api") || readiness.isEmpty() || readiness.get().ready()) {
            return List.of();
        }
        Readiness r = readiness.get();
        String summary = r.databaseDown() ? "the api is running but cannot reach its database (readiness says database DOWN)"
                : r.migrationsDown() ? "the api is running but its database migrations are not applied"
                : r.answered() ? "the api is running but not ready (readiness " + r.status() + ")"
                : "the api process runs but does not answer on port " + s.port("api");
        List<String> evidence = new ArrayList<>();
        evidence.add(r.describe());
        evidence.addAll(logLines(s, "api"));
        return List.of(new Finding("local/api-not-ready", Severity.CRITICAL, "api", summary, evidence,
                List.of(s.todoctl("logs api"), s.todoctl("down") + " && " + s.todoctl("up") + "   # restart (data kept)")));
    }

    private static boolean portTakenBy(LocalSnapshot s, String component) {
        return s.portBusy().getOrDefault(s.port(component), false);
    }

    private static List<String> logLines(LocalSnapshot s, String component) {
        List<String> tail = s.logs().getOrDefault(component, List.of());
        if (tail.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("last lines of " + s.logFile(component) + ":");
        tail.forEach(l -> lines.add("  | " + l));
        return lines;
    }
}
