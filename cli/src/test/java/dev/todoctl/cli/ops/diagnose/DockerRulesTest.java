package dev.todoctl.cli.ops.diagnose;

import dev.todoctl.cli.snapshot.DockerSnapshot;
import dev.todoctl.cli.snapshot.Readiness;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.core.DockerClientConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each docker rule on recorded {@code docker inspect} output (taken from the real engine: a container that exited
 * 3, one whose health check fails, one in a restart loop, one that could not bind its host port), deserialised
 * with docker-java's own ObjectMapper configuration; and silent on a healthy stack.
 */
@DisplayName("docker diagnosis rules")
class DockerRulesTest {
    static final Instant NOW = Instant.parse("2026-11-22T01:30:00Z");

    static InspectContainerResponse fixture(String name) {
        try (InputStream in = DockerRulesTest.class.getResourceAsStream("/diagnose/docker/" + name)) {
            return DockerClientConfig.getDefaultObjectMapper().readValue(in, InspectContainerResponse.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<InspectContainerResponse> stack(String api, String web) {
        return List.of(fixture(api), fixture("healthy-postgres.json"), fixture(web));
    }

    static DockerSnapshot snapshot(List<InspectContainerResponse> containers, boolean volume, Map<String, List<String>> logs,
                                   Map<Integer, String> holders, Optional<Readiness> readiness) {
        return new DockerSnapshot("todo-chatbot", NOW, "--target docker", containers, "todo-chatbot-pgdata", volume, logs,
                holders, 18090, readiness);
    }

    static DockerSnapshot healthy() {
        return snapshot(stack("healthy-api.json", "healthy-web.json"), true, Map.of(), Map.of(),
                Optional.of(new Readiness("http://127.0.0.1:18080/health/ready", 200,
                        "{\"status\":\"UP\",\"checks\":{\"database\":\"UP\",\"migrations\":\"UP\"}}")));
    }

    static List<Finding> only(DockerSnapshot s, String rule) {
        List<Finding> all = Diagnoser.run(s);
        assertThat(all).as("findings: %s", all).extracting(Finding::rule).containsOnly(rule);
        return all;
    }

    @Test
    @DisplayName("a healthy stack: no rule fires")
    void healthyStack() {
        for (Rule<DockerSnapshot> rule : DockerRules.ALL) {
            assertThat(rule.check(healthy())).as(rule.id()).isEmpty();
        }
    }

    @Test
    @DisplayName("an exited container: critical, its exit code and last log lines, todoctl up to recreate it")
    void exited() {
        Finding f = only(snapshot(stack("exited-api.json", "healthy-web.json"), true,
                Map.of("todo-chatbot-api", List.of("starting api", "FATAL: JWT_SECRET is not set")), Map.of(), Optional.empty()),
                "docker/exited").getFirst();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.component()).isEqualTo("api");
        assertThat(f.summary()).isEqualTo("container todo-chatbot-api is not running (exited, exit code 3)");
        assertThat(f.evidence()).anyMatch(e -> e.startsWith("state: exited, exit code 3 at 2026-"))
                .contains("  | FATAL: JWT_SECRET is not set");
        assertThat(f.fixes()).containsExactly("docker logs --tail 50 todo-chatbot-api   # why it stopped",
                "todoctl up --target docker   # recreates and starts what is not running");
    }

    @Test
    @DisplayName("an unhealthy container: the health check's last output")
    void unhealthy() {
        Finding f = only(snapshot(stack("healthy-api.json", "unhealthy-web.json"), true, Map.of(), Map.of(), Optional.empty()),
                "docker/unhealthy").getFirst();
        assertThat(f.component()).isEqualTo("web");
        assertThat(f.evidence()).anyMatch(e -> e.startsWith("health: unhealthy, failing streak "))
                .anyMatch(e -> e.startsWith("last health check: exit code 1"))
                .contains("  | curl: (7) Failed to connect to 127.0.0.1 port 8000");
        assertThat(f.fixes()).contains("docker restart todo-chatbot-web");
    }

    @Test
    @DisplayName("a restart loop: critical with the restart count (not also 'exited')")
    void restartLoop() {
        Finding f = only(snapshot(stack("restarting-api.json", "healthy-web.json"), true,
                Map.of("todo-chatbot-api", List.of("boom")), Map.of(), Optional.empty()), "docker/restart-loop").getFirst();
        assertThat(f.summary()).contains("keeps restarting (7 restarts, last exit code 1)");
        assertThat(f.evidence()).contains("  | boom");
    }

    @Test
    @DisplayName("a host port taken by another container: who holds it, docker stop it or move to a free port")
    void portConflict() {
        Finding f = only(snapshot(stack("port-conflict-api.json", "healthy-web.json"), true, Map.of(),
                Map.of(18081, "container squatter (nginx:latest)"), Optional.empty()), "docker/port-conflict").getFirst();
        assertThat(f.summary()).isEqualTo("container todo-chatbot-api cannot start: host port 18081 is taken by container squatter (nginx:latest)");
        assertThat(f.evidence()).anyMatch(e -> e.contains("Bind for 127.0.0.1:18081 failed: port is already allocated"));
        assertThat(f.fixes()).containsExactly("docker stop squatter",
                "todoctl up --target docker --set docker.api-port=18090   # or move to a free port");
    }

    @Test
    @DisplayName("a port held by a process outside Docker: ss to find it")
    void portHeldByProcess() {
        Finding f = only(snapshot(stack("port-conflict-api.json", "healthy-web.json"), true, Map.of(),
                Map.of(18081, "another process on this machine"), Optional.empty()), "docker/port-conflict").getFirst();
        assertThat(f.fixes().getFirst()).isEqualTo("ss -ltnp 'sport = :18081'   # which process holds it");
    }

    @Test
    @DisplayName("the database volume missing: critical; nothing deployed at all is only info")
    void volumeMissing() {
        Finding f = only(snapshot(stack("healthy-api.json", "healthy-web.json"), false, Map.of(), Map.of(), Optional.empty()),
                "docker/volume-missing").getFirst();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence()).contains("docker volume inspect todo-chatbot-pgdata: no such volume");

        Finding none = only(snapshot(List.of(), false, Map.of(), Map.of(), Optional.empty()), "docker/not-deployed").getFirst();
        assertThat(none.severity()).isEqualTo(Severity.INFO);
        assertThat(none.fixes()).containsExactly("todoctl up --target docker");
    }

    @Test
    @DisplayName("the api's readiness says database DOWN: critical, with the postgres container's state")
    void databaseUnreachable() {
        Finding f = only(snapshot(stack("healthy-api.json", "healthy-web.json"), true, Map.of(), Map.of(),
                Optional.of(new Readiness("http://127.0.0.1:18080/health/ready", 503,
                        "{\"status\":\"DOWN\",\"checks\":{\"database\":\"DOWN\",\"migrations\":\"DOWN\"}}"))),
                "docker/database-unreachable").getFirst();
        assertThat(f.evidence()).contains("container todo-chatbot-postgres: running, healthy");
        assertThat(f.fixes()).contains("docker logs --tail 50 todo-chatbot-postgres");
    }

    @Test
    @DisplayName("several troubles at once: critical findings first, one finding per cause")
    void several() {
        List<InspectContainerResponse> containers = new ArrayList<>(stack("exited-api.json", "unhealthy-web.json"));
        List<Finding> all = Diagnoser.run(snapshot(containers, false, Map.of(), Map.of(), Optional.empty()));
        assertThat(all).extracting(Finding::rule).containsExactlyInAnyOrder("docker/exited", "docker/unhealthy",
                "docker/volume-missing");
    }
}
