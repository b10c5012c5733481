package dev.todoctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same user story on every target, for real: Maven builds the sample app, todoctl deploys it, tasks are
 * created over HTTP (through web's /api proxy), and they survive down/up but not down --purge; a second up with
 * nothing changed rebuilds and redeploys nothing. Steps share one state directory and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class EndToEndScenario {
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected Path work;
    protected Map<String, String> env;
    private String token;
    protected JsonNode firstUp;

    protected abstract String target();

    /** Where the target keeps the generated JWT secret. */
    protected abstract Path secretFile();

    /** After down: nothing of the release runs any more (no orphans). */
    protected abstract void assertStopped(JsonNode lastUp) throws Exception;

    /** After down --purge: the data is gone. */
    protected abstract void assertPurged() throws Exception;

    /** The release name, unique per target so that runs do not collide. */
    protected String release() {
        return "e2e-" + target();
    }

    /** The checkout with sample-app, docker/ and charts/ (TODOCTL_TEST_SOURCE_DIR overrides). */
    protected static Path sourceDir() {
        return Path.of(System.getenv().getOrDefault("TODOCTL_TEST_SOURCE_DIR",
                Path.of("").toAbsolutePath().getParent().toString()));
    }

    @BeforeAll
    void setUp() throws IOException {
        work = Files.createTempDirectory("todoctl-" + target() + "-e2e");
        Files.writeString(work.resolve("todoctl.yaml"), """
                release: %s
                source-dir: %s
                build:
                  command: mvn -o -q -B -Dmaven.test.skip=true -pl sample-app -am package
                %s:
                  api-port: %d
                  web-port: %d
                timeouts:
                  ready: 120s
                  stop: 5s
                """.formatted(release(), sourceDir(), target(), Ports.anyFree(), Ports.anyFree()));
        env = CliRun.buildEnvironment(work.resolve("state"));
    }

    @AfterAll
    void tearDown() throws IOException {
        CliRun.in(work, env, "down", "--target", target(), "--purge");
        // the processes' and containers' logs stay for a post-mortem; the rest goes
        TempTrees.keepFiles(work.resolve("state/logs"), Path.of("target", target() + "-e2e-logs"));
        TempTrees.delete(work);
    }

    protected CliRun todoctl(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--target", target()));
        CliRun run = CliRun.in(work, env, all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    private JsonNode upJson() throws IOException {
        return JSON.readTree(todoctl("up", "-o", "json").out());
    }

    protected TodoApi web(JsonNode status) {
        return new TodoApi(status.get("urls").get("web").asText());
    }

    @Test
    @Order(1)
    @DisplayName("up builds, deploys, and reports every component ready with URLs on 127.0.0.1")
    void up() throws Exception {
        firstUp = upJson();
        assertThat(firstUp.get("target").asText()).isEqualTo(target());
        assertThat(firstUp.get("release").get("name").asText()).isEqualTo(release());
        assertThat(firstUp.get("release").get("revision").asInt()).isPositive();
        assertThat(firstUp.get("components")).isNotEmpty().allSatisfy(c -> {
            assertThat(c.get("ready").asInt()).isEqualTo(1);
            assertThat(c.get("desired").asInt()).isEqualTo(1);
            assertThat(c.get("image").asText()).isNotEmpty();
        });
        assertThat(firstUp.get("components").findValuesAsText("name")).contains("api", "web");
        assertThat(firstUp.get("urls").get("web").asText()).startsWith("http://127.0.0.1:");
        assertThat(firstUp.get("urls").get("api").asText()).startsWith("http://127.0.0.1:");
        assertThat(Files.getPosixFilePermissions(secretFile()))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String secret = Files.readString(secretFile()).trim();
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
    @DisplayName("a fresh todoctl process (the real main, its own JVM) finds the release: status --output json")
    void freshProcess() throws Exception {
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.todoctl.cli.Todoctl", "status", "--target", target(), "-o", "json");
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
    @Order(4)
    @DisplayName("validate restarts the api through the target: data survives and the service is ready again")
    void validatePersistence() {
        CliRun run = todoctl("validate", "--no-contract", "--scenario", "health", "--scenario", "persistence",
                "--evidence-dir", work.resolve("evidence").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("persistence").doesNotContain("cannot restart")
                .containsPattern("persistence across an api restart +2 +2 +0 +0 ");
    }

    @Test
    @Order(5)
    @DisplayName("down stops everything (no orphans) and keeps the data; up finds the same tasks")
    void downUp() throws Exception {
        todoctl("down");
        assertStopped(firstUp);
        JsonNode status = JSON.readTree(todoctl("status", "-o", "json").out());
        assertThat(status.get("deployed").asBoolean()).isFalse();

        JsonNode up = upJson();
        assertThat(up.get("redeployed").asBoolean()).isTrue();
        assertThat(up.get("rebuilt").asBoolean()).isFalse();
        TodoApi api = web(up);
        String again = api.login("e2e@example.com", "correct-horse", false);
        assertThat(again).as("the user survived down/up").isNotNull();
        assertThat(api.tasks(again).get("total").asInt()).isEqualTo(2);
        assertThat(api.tasks(token).get("total").asInt()).as("old token still valid: same secret").isEqualTo(2);
    }

    /** Makes revision {@code n}'s kept images (docker) or jar (local) unusable, as a prune or cleanup would. */
    protected abstract void loseImagesOf(int revision) throws Exception;

    protected JsonNode history() throws IOException {
        return JSON.readTree(todoctl("history", "-o", "json").out());
    }

    @Test
    @Order(6)
    @DisplayName("history lists every revision; rollback puts an earlier one back as a new revision; bad revisions change nothing")
    void historyAndRollback() throws Exception {
        JsonNode before = history();
        assertThat(before.size()).as(before.toString()).isGreaterThanOrEqualTo(2);
        int good = before.get(before.size() - 1).get("revision").asInt();
        assertThat(before.get(before.size() - 1).get("status").asText()).isEqualTo("deployed");
        assertThat(before.get(0).get("status").asText()).isEqualTo("superseded");

        JsonNode changed = JSON.readTree(todoctl("up", "--set", "app.log-level=debug", "-o", "json").out());
        assertThat(changed.get("redeployed").asBoolean()).isTrue();
        int debug = changed.get("release").get("revision").asInt();
        assertThat(debug).isEqualTo(good + 1);

        JsonNode rolled = JSON.readTree(todoctl("rollback", "-o", "json").out());
        assertThat(rolled.get("target").asText()).isEqualTo(target());
        assertThat(rolled.get("from").asInt()).isEqualTo(debug);
        assertThat(rolled.get("to").asInt()).as("the last good revision before the current one").isEqualTo(good);
        int now = rolled.get("revision").asInt();
        assertThat(now).isEqualTo(debug + 1);
        JsonNode after = history();
        JsonNode last = after.get(after.size() - 1);
        assertThat(last.get("revision").asInt()).isEqualTo(now);
        assertThat(last.get("status").asText()).isEqualTo("deployed");
        assertThat(last.get("description").asText()).isEqualTo("rollback to " + good);
        assertThat(last.get("images")).isEqualTo(before.get(before.size() - 1).get("images"));
        assertThat(after.get(after.size() - 2).get("status").asText()).isEqualTo("superseded");
        JsonNode status = JSON.readTree(todoctl("status", "-o", "json").out());
        assertThat(status.get("release").get("revision").asInt()).isEqualTo(now);
        TodoApi api = web(status);
        String again = api.login("e2e@example.com", "correct-horse", false);
        assertThat(api.tasks(again).get("total").asInt()).as("same data after the rollback").isEqualTo(2);

        CliRun missing = CliRun.in(work, env, "rollback", "99", "--target", target());
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(70);
        assertThat(missing.err()).contains("has no revision 99");

        int first = after.get(0).get("revision").asInt();
        loseImagesOf(first);
        CliRun gone = CliRun.in(work, env, "rollback", String.valueOf(first), "--target", target());
        assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(70);
        assertThat(gone.err()).contains("revision " + first + " cannot be put back").contains("nothing was changed");
        JsonNode unchanged = JSON.readTree(todoctl("status", "-o", "json").out());
        assertThat(unchanged.get("release").get("revision").asInt()).isEqualTo(now);
        assertThat(history().size()).isEqualTo(after.size());
    }

    @Test
    @Order(7)
    @DisplayName("secrets rotate jwt: sessions survive one rotation, not two; new logins use the new key; no key is printed")
    void rotateJwt() throws Exception {
        TodoApi api = web(JSON.readTree(todoctl("status", "-o", "json").out()));
        String before = api.login("e2e@example.com", "correct-horse", false);
        String oldKey = Files.readString(secretFile()).trim();

        CliRun first = todoctl("secrets", "rotate", "jwt", "-o", "json");
        String newKey = Files.readString(secretFile()).trim();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(Files.readString(secretFile().resolveSibling("jwt-secret.previous")).trim()).isEqualTo(oldKey);
        assertThat(first.out() + first.err()).doesNotContain(oldKey).doesNotContain(newKey);
        JsonNode rotated = JSON.readTree(first.out());
        assertThat(rotated.get("secret").asText()).isEqualTo("jwt");
        api = web(JSON.readTree(todoctl("status", "-o", "json").out()));
        assertThat(api.call("GET", "/api/v1/tasks", before, null).status()).as("a session from before survives").isEqualTo(200);
        String after = api.login("e2e@example.com", "correct-horse", false);
        assertThat(after).isNotEqualTo(before);
        JsonNode history = history();
        assertThat(history.get(history.size() - 1).get("description").asText()).isEqualTo("secrets rotate jwt");

        todoctl("secrets", "rotate", "jwt");
        api = web(JSON.readTree(todoctl("status", "-o", "json").out()));
        assertThat(api.call("GET", "/api/v1/tasks", before, null).status()).as("two rotations later the oldest key is gone")
                .isEqualTo(401);
        assertThat(api.call("GET", "/api/v1/tasks", after, null).status()).as("the previous key is still accepted")
                .isEqualTo(200);

        rotateDatabase(api, after);
    }

    /** {@code secrets rotate database}: what the target does with it (docker rotates the login role, local refuses). */
    protected abstract void rotateDatabase(TodoApi api, String session) throws Exception;

    @Test
    @Order(8)
    @DisplayName("db backup → down --purge → up → db restore: the same tasks and conversations; bad files and a running api change nothing")
    void backupAndRestore() throws Exception {
        TodoApi api = web(JSON.readTree(todoctl("status", "-o", "json").out()));
        String user = api.login("e2e@example.com", "correct-horse", false);
        TodoApi.Answer chat = api.call("POST", "/api/v1/chat", user, "{\"message\":\"add a task to call the bank\"}");
        assertThat(chat.status()).as(chat.toString()).isEqualTo(200);
        int tasks = api.tasks(user).get("total").asInt();
        JsonNode conversations = api.call("GET", "/api/v1/conversations", user, null).body().get("items");
        assertThat(conversations.size()).isPositive();
        String conversation = conversations.get(0).get("id").asText();
        JsonNode messages = api.call("GET", "/api/v1/conversations/" + conversation + "/messages", user, null).body();

        Path file = work.resolve("backup.tar.gz");
        JsonNode backup = JSON.readTree(todoctl("db", "backup", "-f", file.toString(), "-o", "json").out());
        assertThat(backup.get("tables").get("tasks").asLong()).isEqualTo(tasks);
        assertThat(backup.get("tables").get("conversations").asLong()).isEqualTo(conversations.size());
        assertThat(backup.get("schema_version").asText()).isNotEqualTo("none");
        assertThat(file).isRegularFile();
        CliRun again = CliRun.in(work, env, "db", "backup", "-f", file.toString(), "--target", target());
        assertThat(again.exitCode()).as("an existing file is kept").isEqualTo(2);

        todoctl("down", "--purge");
        JsonNode up = upJson();
        TodoApi fresh = web(up);
        assertThat(fresh.login("e2e@example.com", "correct-horse", false)).as("purged").isNull();
        String other = fresh.login("other@example.com", "correct-horse", true);
        assertThat(fresh.createTask(other, "written after the backup")).isEqualTo(201);

        CliRun running = CliRun.in(work, env, "db", "restore", file.toString(), "--target", target());
        assertThat(running.exitCode()).as(running.toString()).isEqualTo(2);
        assertThat(running.err()).contains("--stop-api").contains("nothing was changed");
        Path truncated = work.resolve("truncated.tar.gz");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliRun cut = CliRun.in(work, env, "db", "restore", "--stop-api", truncated.toString(), "--target", target());
        assertThat(cut.exitCode()).as(cut.toString()).isEqualTo(2);
        assertThat(cut.err()).contains("nothing was changed");
        assertThat(fresh.tasks(other).get("total").asInt()).as("the refused restores changed nothing").isEqualTo(1);

        JsonNode restored = JSON.readTree(todoctl("db", "restore", "--stop-api", file.toString(), "-o", "json").out());
        assertThat(restored.get("api_stopped").asBoolean()).isTrue();
        String back = fresh.login("e2e@example.com", "correct-horse", false);
        assertThat(back).as("the user is back").isNotNull();
        assertThat(fresh.tasks(back).get("total").asInt()).isEqualTo(tasks);
        assertThat(fresh.call("GET", "/api/v1/conversations/" + conversation + "/messages", back, null).body())
                .as("the conversation is back, message for message").isEqualTo(messages);
        assertThat(fresh.login("other@example.com", "correct-horse", false)).as("what came after the backup is gone").isNull();
    }

    @Test
    @Order(9)
    @DisplayName("down --purge removes the data: after up the user and tasks are gone")
    void purge() throws Exception {
        todoctl("down", "--purge");
        assertPurged();
        JsonNode up = upJson();
        TodoApi api = web(up);
        assertThat(api.login("e2e@example.com", "correct-horse", false)).isNull();
        String fresh = api.login("e2e@example.com", "correct-horse", true);
        assertThat(fresh).as("the user is gone, so it can sign up again").isNotNull();
        assertThat(api.tasks(fresh).get("total").asInt()).isZero();
        todoctl("down", "--purge");
    }
}
