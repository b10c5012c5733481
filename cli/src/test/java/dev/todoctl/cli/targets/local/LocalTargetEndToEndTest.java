package dev.todoctl.cli.targets.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.TodoApi;
import dev.todoctl.cli.platform.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local target for real: Maven builds the sample app, todoctl starts api and web as child JVMs, tasks are
 * created over HTTP, and they survive down/up but not down --purge. Steps share one state directory, in order.
 */
@DisplayName("local target end to end")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalTargetEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path work;
    private Map<String, String> env;
    private String token;
    private JsonNode firstUp;

    @BeforeAll
    void setUp() throws IOException {
        work = Files.createTempDirectory("todoctl-local-e2e");
        Path source = Path.of(System.getenv().getOrDefault("TODOCTL_TEST_SOURCE_DIR",
                Path.of("").toAbsolutePath().getParent().toString()));
        Files.writeString(work.resolve("todoctl.yaml"), """
                source-dir: %s
                build:
                  command: mvn -o -q -B -DskipTests -pl sample-app -am package
                local:
                  api-port: %d
                  web-port: %d
                timeouts:
                  ready: 90s
                  stop: 5s
                """.formatted(source, Ports.anyFree(), Ports.anyFree()));
        env = new HashMap<>();
        env.put("TODOCTL_STATE_DIR", work.resolve("state").toString());
        env.put("HOME", System.getProperty("user.home"));
        System.getenv().forEach((k, v) -> {
            if (k.equals("JAVA_HOME") || k.equals("PATH") || k.equals("MAVEN_OPTS")) {
                env.put(k, v);
            }
        });
    }

    @AfterAll
    void tearDown() {
        CliRun.in(work, env, "down", "--target", "local", "--purge");
    }

    private CliRun todoctl(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--target", "local"));
        CliRun run = CliRun.in(work, env, all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    private JsonNode upJson() throws IOException {
        return JSON.readTree(todoctl("up", "-o", "json").out());
    }

    private TodoApi web(JsonNode status) {
        return new TodoApi(status.get("urls").get("web").asText());
    }

    @Test
    @Order(1)
    @DisplayName("up builds, starts api and web, and reports them healthy with URLs on 127.0.0.1")
    void up() throws Exception {
        firstUp = upJson();
        assertThat(firstUp.get("target").asText()).isEqualTo("local");
        assertThat(firstUp.get("release").get("name").asText()).isEqualTo("todo-chatbot");
        assertThat(firstUp.get("components")).hasSize(2).allSatisfy(c -> {
            assertThat(c.get("ready").asInt()).isEqualTo(1);
            assertThat(c.get("desired").asInt()).isEqualTo(1);
            assertThat(c.get("image").asText()).startsWith("todo-chatbot.jar@sha256:");
        });
        assertThat(firstUp.get("urls").get("web").asText()).startsWith("http://127.0.0.1:");
        assertThat(firstUp.get("urls").get("api").asText()).startsWith("http://127.0.0.1:");
        assertThat(Files.getPosixFilePermissions(work.resolve("state/jwt-secret")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String secret = Files.readString(work.resolve("state/jwt-secret")).trim();
        assertThat(firstUp.toString()).doesNotContain(secret);

        TodoApi api = web(firstUp);
        token = api.login("e2e@example.com", "correct-horse", true);
        assertThat(token).isNotNull();
        assertThat(api.createTask(token, "water the plants")).isEqualTo(201);
        assertThat(api.createTask(token, "buy milk")).isEqualTo(201);
        assertThat(api.tasks(token).get("total").asInt()).isEqualTo(2);
    }

    @Test
    @Order(2)
    @DisplayName("a second up with nothing changed rebuilds nothing and redeploys nothing")
    void idempotent() throws Exception {
        JsonNode again = upJson();
        assertThat(again.get("rebuilt").asBoolean()).isFalse();
        assertThat(again.get("redeployed").asBoolean()).isFalse();
        assertThat(again.get("release").get("revision")).isEqualTo(firstUp.get("release").get("revision"));
        assertThat(again.get("components").get(0).get("detail")).isEqualTo(firstUp.get("components").get(0).get("detail"));
        assertThat(todoctl("up").out()).contains("nothing changed: nothing rebuilt, nothing redeployed");
    }

    @Test
    @Order(3)
    @DisplayName("a fresh todoctl process finds the running release (status --output json)")
    void freshProcess() throws Exception {
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.todoctl.cli.Todoctl", "status", "--target", "local", "-o", "json");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isZero();
        JsonNode status = JSON.readTree(out);
        assertThat(status.get("healthy").asBoolean()).isTrue();
        assertThat(status.get("urls")).isEqualTo(firstUp.get("urls"));
    }

    @Test
    @Order(4)
    @DisplayName("logs shows what the processes wrote")
    void logs() {
        assertThat(todoctl("logs", "api").out()).contains("\"level\"");
        assertThat(todoctl("logs").out()).contains("api | ").contains("web | ");
    }

    @Test
    @Order(5)
    @DisplayName("down stops both processes (no orphans) and keeps the data; up finds the same tasks")
    void downUp() throws Exception {
        List<Long> pids = List.of(pid("api"), pid("web"));
        todoctl("down");
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid " + pid).isEmpty();
        }
        assertThat(work.resolve("state/data")).isDirectory();
        JsonNode status = JSON.readTree(todoctl("status", "-o", "json").out());
        assertThat(status.get("deployed").asBoolean()).isFalse();

        JsonNode up = upJson();
        assertThat(up.get("redeployed").asBoolean()).isTrue();
        assertThat(up.get("rebuilt").asBoolean()).isFalse();
        TodoApi api = web(up);
        String again = api.login("e2e@example.com", "correct-horse", false);
        assertThat(api.tasks(again).get("total").asInt()).isEqualTo(2);
        assertThat(api.tasks(token).get("total").asInt()).as("old token still valid: same secret").isEqualTo(2);
    }

    @Test
    @Order(6)
    @DisplayName("down --purge removes the data: after up the user and tasks are gone")
    void purge() throws Exception {
        todoctl("down", "--purge");
        assertThat(work.resolve("state")).doesNotExist();
        JsonNode up = upJson();
        TodoApi api = web(up);
        assertThat(api.login("e2e@example.com", "correct-horse", false)).isNull();
        String fresh = api.login("e2e@example.com", "correct-horse", true);
        assertThat(api.tasks(fresh).get("total").asInt()).isZero();
        todoctl("down", "--purge");
    }

    private long pid(String component) throws IOException {
        return Long.parseLong(Files.readString(work.resolve("state/" + component + ".pid")).trim().split("\\s+")[0]);
    }
}
