package dev.todoctl.cli.devloop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.DevLoopRun;
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
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code todoctl dev} for real, on a copy of the app's sources: it builds and deploys, a saved web asset is served
 * from the sources, a Java change restarts the api alone, a change that does not compile leaves the last good
 * version serving, two quick saves make one reload, and stopping the loop takes everything down. Each target's
 * subclass says how it tells a restarted component and what "down" leaves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DevLoopScenario {
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = "sample-app/src/main/java/dev/todoctl/app/api/OperationsHandler.java";
    private static final String LIVE = "Json.ok(res, Map.of(\"status\", \"UP\"));";

    protected abstract String target();

    /** Something that changes when the component restarts (a pid, a container's start time). */
    protected abstract String identity(JsonNode status, String component) throws Exception;

    /** After the loop stopped: nothing of the release runs. */
    protected abstract void assertNothingRuns(JsonNode lastStatus) throws Exception;

    /** Extra source directories the target's build needs (the Dockerfile, the chart). */
    protected List<String> extraSources() {
        return List.of();
    }

    private Path work;
    private Path src;
    private Map<String, String> env;
    private DevLoopRun loop;
    private String apiUrl;
    private String webUrl;
    private String webIdentity;

    static Path repository() {
        return Path.of(System.getenv().getOrDefault("TODOCTL_TEST_SOURCE_DIR",
                Path.of("").toAbsolutePath().getParent().toString()));
    }

    /** What the target needs before anything starts (a Docker engine): skip or fail here. */
    protected void precondition() {
    }

    @BeforeAll
    void start() throws Exception {
        precondition();
        work = Files.createTempDirectory("todoctl-dev-");
        src = work.resolve("src");
        dev.todoctl.cli.SourceCopy.of(repository(), src, extraSources());
        Files.writeString(work.resolve("todoctl.yaml"), """
                release: devloop
                source-dir: %s
                build:
                  command: mvn -o -q -B -Dmaven.test.skip=true -f sample-app/pom.xml package
                %s: {api-port: 0, web-port: 0}
                timeouts:
                  ready: 120s
                  stop: 5s
                """.formatted(src, target()));
        env = CliRun.buildEnvironment(work.resolve("state"));
        env.put("NO_COLOR", "1");
        env.put("KUBECONFIG", work.resolve("no-kubeconfig").toString());
        loop = DevLoopRun.start(work, env, src, "dev", "--target", target());
        loop.awaitOutput("watching", Duration.ofMinutes(4));
        JsonNode status = status();
        apiUrl = status.get("urls").get("api").asText();
        webUrl = status.get("urls").get("web").asText();
        webIdentity = identity(status, "web");
    }

    @AfterAll
    void stop() throws Exception {
        if (loop != null) {
            loop.stop(Duration.ofMinutes(1));
        }
        CliRun.in(work, env, "down", "--target", target(), "--purge");
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    @Order(1)
    @DisplayName("a saved web asset is served by the next request, with no rebuild and no restart")
    void webAsset() throws Exception {
        Path css = src.resolve("sample-app/src/main/resources/web/app.css");
        Files.writeString(css, "/* dev-marker-1 */\n" + Files.readString(css));
        assertThat(DevLoopRun.awaitBody(webUrl + "/app.css", "dev-marker-1", Duration.ofSeconds(5))).isTrue();
        loop.awaitOutput("app.css: served from the sources", Duration.ofSeconds(10));
    }

    @Test
    @Order(2)
    @DisplayName("a Java change in the api is compiled and served; the web process keeps running")
    void javaChange() throws Exception {
        edit(LIVE, "Json.ok(res, Map.of(\"status\", \"UP\", \"dev\", \"marker-2\"));");
        assertThat(DevLoopRun.awaitBody(apiUrl + "/health", "marker-2", Duration.ofSeconds(90))).as(loop.out()).isTrue();
        loop.awaitOutput("api restarted with 1 class", Duration.ofSeconds(10));
        assertThat(identity(status(), "web")).as("web was not restarted").isEqualTo(webIdentity);
    }

    @Test
    @Order(3)
    @DisplayName("a change that does not compile is reported, and the last good version keeps serving")
    void compileError() throws Exception {
        edit("\"dev\", \"marker-2\"", "\"dev\", marker3 undefined");
        loop.awaitOutput("compile failed", Duration.ofSeconds(60));
        assertThat(loop.out()).contains("OperationsHandler.java:");
        assertThat(DevLoopRun.body(apiUrl + "/health")).contains("marker-2");
        edit("\"dev\", marker3 undefined", "\"dev\", \"marker-3\"");
        assertThat(DevLoopRun.awaitBody(apiUrl + "/health", "marker-3", Duration.ofSeconds(90))).as(loop.out()).isTrue();
    }

    @Test
    @Order(4)
    @DisplayName("two saves in quick succession make one reload, and the second one is what serves")
    void quickSaves() throws Exception {
        long before = settledCount("api restarted");
        edit("\"marker-3\"", "\"marker-4a\"");
        Thread.sleep(40);
        edit("\"marker-4a\"", "\"marker-4b\"");
        assertThat(DevLoopRun.awaitBody(apiUrl + "/health", "marker-4b", Duration.ofSeconds(90))).as(loop.out()).isTrue();
        Thread.sleep(1500);
        assertThat(count("api restarted") - before).isEqualTo(1);
    }

    @Test
    @Order(5)
    @DisplayName("stopping the loop takes the release down: no process, no log follower left")
    void stopTakesItDown() throws Exception {
        JsonNode status = status();
        loop.stop(Duration.ofMinutes(1));
        assertThat(loop.alive()).isFalse();
        assertThat(loop.exitCode()).as(loop.out()).isZero();
        assertNothingRuns(status);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("dev-log-"));
        assertThat(loop.out()).contains("taking release devloop down");
    }

    /** The count once the previous reload has reported: no new such line for two seconds. */
    private long settledCount(String text) throws InterruptedException {
        long count = count(text);
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos()) {
            Thread.sleep(100);
            long now = count(text);
            if (now != count) {
                count = now;
                quietSince = System.nanoTime();
            }
        }
        return count;
    }

    private long count(String text) {
        return loop.count(text);
    }

    protected JsonNode status() throws IOException {
        return JSON.readTree(CliRun.in(work, env, "status", "--target", target(), "-o", "json").out());
    }

    private void edit(String from, String to) throws IOException {
        loop.edit(HANDLER, from, to);
    }
}
