package dev.todoctl.cli.ops.diagnose;

import dev.todoctl.cli.snapshot.LocalSnapshot;
import dev.todoctl.cli.snapshot.Readiness;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Each local rule on a recorded bad state, and silent on a healthy one. */
@DisplayName("local diagnosis rules")
class LocalRulesTest {
    static final Path STATE = Path.of("/home/dev/.local/state/todoctl/todo-chatbot");
    static final LocalSnapshot.Deployed DEPLOYED = new LocalSnapshot.Deployed(3, 8080, 8000,
            "/src/sample-app/target/todo-chatbot.jar");
    static final Readiness READY = new Readiness("http://127.0.0.1:8080/health/ready", 200,
            "{\"status\":\"UP\",\"checks\":{\"database\":\"UP\",\"migrations\":\"UP\"}}");

    static LocalSnapshot snapshot(Map<String, LocalSnapshot.Process> processes, Map<Integer, Boolean> busy,
                                  Optional<Readiness> readiness) {
        return new LocalSnapshot("todo-chatbot", STATE, Instant.parse("2026-11-22T01:30:00Z"), "--target local",
                Optional.of(DEPLOYED), processes, Map.of("api", List.of("{\"level\":\"ERROR\",\"msg\":\"Address already in use\"}"),
                "web", List.of("web listening on 8000")), busy, 41234, readiness);
    }

    static Map<String, LocalSnapshot.Process> alive() {
        return Map.of("api", new LocalSnapshot.Process(4242, true), "web", new LocalSnapshot.Process(4243, true));
    }

    static List<Finding> only(LocalSnapshot s, String rule) {
        List<Finding> all = Diagnoser.run(s);
        assertThat(all).as("findings: %s", all).extracting(Finding::rule).containsOnly(rule);
        return all;
    }

    @Test
    @DisplayName("both processes alive and the api ready: no rule fires")
    void healthy() {
        assertThat(Diagnoser.run(snapshot(alive(), Map.of(), Optional.of(READY)))).isEmpty();
    }

    @Test
    @DisplayName("a process gone: critical, its pid and the last lines of its log")
    void processGone() {
        Finding f = only(snapshot(Map.of("api", new LocalSnapshot.Process(4242, true), "web", new LocalSnapshot.Process(4243, false)),
                Map.of(8000, false), Optional.of(READY)), "local/process-gone").getFirst();
        assertThat(f.component()).isEqualTo("web");
        assertThat(f.evidence()).contains("pid 4243 from " + STATE.resolve("web.pid") + ": no such process",
                "  | web listening on 8000");
        assertThat(f.fixes()).containsExactly("tail -n 50 " + STATE.resolve("logs/web.log") + "   # why it stopped",
                "todoctl up --target local   # starts it again");
    }

    @Test
    @DisplayName("the port of a dead process taken by another: one finding (port-taken), a free port to move to")
    void portTaken() {
        Finding f = only(snapshot(Map.of("api", new LocalSnapshot.Process(0, false), "web", new LocalSnapshot.Process(4243, true)),
                Map.of(8080, true), Optional.empty()), "local/port-taken").getFirst();
        assertThat(f.summary()).contains("port 8080 of the api is taken by another process");
        assertThat(f.fixes()).containsExactly("ss -ltnp 'sport = :8080'   # which process holds it",
                "todoctl up --target local --set local.api-port=41234   # or move to a free port");
    }

    @Test
    @DisplayName("the api alive but not ready: database DOWN in its readiness body; no answer at all")
    void apiNotReady() {
        Finding db = only(snapshot(alive(), Map.of(), Optional.of(new Readiness(READY.url(), 503,
                "{\"status\":\"DOWN\",\"checks\":{\"database\":\"DOWN\",\"migrations\":\"DOWN\"}}"))), "local/api-not-ready").getFirst();
        assertThat(db.summary()).contains("cannot reach its database");
        assertThat(db.evidence().getFirst()).contains("→ 503");
        Finding silent = only(snapshot(alive(), Map.of(), Optional.of(new Readiness(READY.url(), -1, "Connection refused"))),
                "local/api-not-ready").getFirst();
        assertThat(silent.summary()).isEqualTo("the api process runs but does not answer on port 8080");
    }

    @Test
    @DisplayName("nothing deployed: info only")
    void notDeployed() {
        var s = new LocalSnapshot("todo-chatbot", STATE, Instant.EPOCH, "--target local", Optional.empty(), Map.of(),
                Map.of(), Map.of(), 41234, Optional.empty());
        Finding f = only(s, "local/not-deployed").getFirst();
        assertThat(f.severity()).isEqualTo(Severity.INFO);
    }
}
