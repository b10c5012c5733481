package dev.todoctl.cli.devloop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.Todoctl;
import dev.todoctl.cli.platform.Environment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path work;
    private Path src;
    private Map<String, String> env;
    private final StringWriter out = new StringWriter();
    private Thread loop;
    private final AtomicInteger exit = new AtomicInteger(-1);
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
        PrintWriter writer = new PrintWriter(out, true);
        loop = Thread.ofPlatform().name("todoctl-dev").start(() -> exit.set(Todoctl.commandLine(
                new Environment(env, work, work, false), writer, writer, "dev", "--target", target())
                .execute("dev", "--target", target())));
        awaitOutput("watching", Duration.ofMinutes(4));
        JsonNode status = status();
        apiUrl = status.get("urls").get("api").asText();
        webUrl = status.get("urls").get("web").asText();
        webIdentity = identity(status, "web");
    }

    @AfterAll
    void stop() throws Exception {
        if (loop != null && loop.isAlive()) {
            loop.interrupt();
            loop.join(60_000);
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
        assertThat(awaitBody(webUrl + "/app.css", "dev-marker-1", Duration.ofSeconds(5))).isTrue();
        awaitOutput("app.css: served from the sources", Duration.ofSeconds(10));
    }

    @Test
    @Order(2)
    @DisplayName("a Java change in the api is compiled and served; the web process keeps running")
    void javaChange() throws Exception {
        edit(LIVE, "Json.ok(res, Map.of(\"status\", \"UP\", \"dev\", \"marker-2\"));");
        assertThat(awaitBody(apiUrl + "/health", "marker-2", Duration.ofSeconds(90))).as(out.toString()).isTrue();
        awaitOutput("api restarted with 1 class", Duration.ofSeconds(10));
        assertThat(identity(status(), "web")).as("web was not restarted").isEqualTo(webIdentity);
    }

    @Test
    @Order(3)
    @DisplayName("a change that does not compile is reported, and the last good version keeps serving")
    void compileError() throws Exception {
        edit("\"dev\", \"marker-2\"", "\"dev\", marker3 undefined");
        awaitOutput("compile failed", Duration.ofSeconds(60));
        assertThat(out.toString()).contains("OperationsHandler.java:");
        assertThat(body(apiUrl + "/health")).contains("marker-2");
        edit("\"dev\", marker3 undefined", "\"dev\", \"marker-3\"");
        assertThat(awaitBody(apiUrl + "/health", "marker-3", Duration.ofSeconds(90))).as(out.toString()).isTrue();
    }

    @Test
    @Order(4)
    @DisplayName("two saves in quick succession make one reload, and the second one is what serves")
    void quickSaves() throws Exception {
        long before = settledCount("api restarted");
        edit("\"marker-3\"", "\"marker-4a\"");
        Thread.sleep(40);
        edit("\"marker-4a\"", "\"marker-4b\"");
        assertThat(awaitBody(apiUrl + "/health", "marker-4b", Duration.ofSeconds(90))).as(out.toString()).isTrue();
        Thread.sleep(1500);
        assertThat(count("api restarted") - before).isEqualTo(1);
    }

    @Test
    @Order(5)
    @DisplayName("stopping the loop takes the release down: no process, no log follower left")
    void stopTakesItDown() throws Exception {
        JsonNode status = status();
        loop.interrupt();
        loop.join(60_000);
        assertThat(loop.isAlive()).isFalse();
        assertThat(exit.get()).as(out.toString()).isZero();
        assertNothingRuns(status);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("dev-log-"));
        assertThat(out.toString()).contains("taking release devloop down");
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
        return out.toString().lines().filter(l -> l.contains(text)).count();
    }

    protected JsonNode status() throws IOException {
        return JSON.readTree(CliRun.in(work, env, "status", "--target", target(), "-o", "json").out());
    }

    private void edit(String from, String to) throws IOException {
        Path file = src.resolve(HANDLER);
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private String body(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private boolean awaitBody(String url, String marker, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (body(url).contains(marker)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private void awaitOutput(String text, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (out.toString().contains(text)) {
                return;
            }
            if (!loop.isAlive()) {
                throw new AssertionError("todoctl dev ended (exit " + exit.get() + ") before '" + text + "':\n" + out);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' within " + limit + ":\n" + out);
    }
}
