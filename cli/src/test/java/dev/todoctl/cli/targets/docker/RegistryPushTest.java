package dev.todoctl.cli.targets.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.DockerGate;
import dev.todoctl.cli.platform.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code todoctl build --push --registry} against a real registry (Docker Distribution 2.8, {@link LocalRegistry})
 * on the real engine: what todoctl says it pushed is what the registry serves, with the digest the engine records;
 * a registry that is down is a build failure (exit 10) with a fix, and no push reported as done. Skipped without an
 * engine or the registry binary, unless TODOCTL_REQUIRE_DOCKER=true.
 */
@DisplayName("build --push against a real registry")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryPushTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One entry of {@code pushed}: repository, tag and the manifest digest the registry answered with. */
    private static final Pattern PUSHED = Pattern.compile("(\\S+):([^:/@\\s]+)@(sha256:[0-9a-f]{64})");

    private Path source;
    private Path work;
    private Map<String, String> env;
    private LocalRegistry registry;
    private DockerClient docker;

    @BeforeAll
    void setUp() throws Exception {
        source = Path.of(System.getenv().getOrDefault("TODOCTL_TEST_SOURCE_DIR",
                Path.of("").toAbsolutePath().getParent().toString()));
        String missing = !DockerGate.engineAnswers()
                ? "no Docker engine answers on /var/run/docker.sock (start one: scripts/docker-engine.sh)"
                : !Files.isRegularFile(source.resolve("docker/Dockerfile")) ? source + " has no docker/Dockerfile" : null;
        if (missing != null) {
            DockerGate.unavailable("registry push: " + missing);
        }
        work = Files.createTempDirectory("todoctl-push");
        registry = LocalRegistry.start(Files.createDirectories(work.resolve("registry")));
        // the same jar build as the docker end-to-end test, so a run after it (or after `up`) rebuilds nothing
        Files.writeString(work.resolve("todoctl.yaml"), """
                release: e2e-push
                source-dir: %s
                build:
                  command: mvn -o -q -B -Dmaven.test.skip=true -pl sample-app -am package
                """.formatted(source));
        env = CliRun.buildEnvironment(work.resolve("state"));
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        docker = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofMinutes(5)).build());
    }

    @AfterAll
    void tearDown() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (docker != null) {
            // the engine keeps the 127.0.0.1:<port>/... tags of this run: untag them (the images stay for others)
            for (Image image : docker.listImagesCmd().exec()) {
                for (String tag : image.getRepoTags() == null ? new String[0] : image.getRepoTags()) {
                    if (tag.startsWith("127.0.0.1:") && tag.contains("/todo-chatbot-")) {
                        try {
                            docker.removeImageCmd(tag).withNoPrune(true).exec();
                        } catch (NotFoundException | com.github.dockerjava.api.exception.ConflictException ignored) {
                            // already gone, or still used by a container someone else runs
                        }
                    }
                }
            }
            docker.close();
        }
        if (work != null) {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** repository → (tag → digest) from what todoctl reports pushed; each entry also has its evidence line. */
    private static Map<String, Map<String, String>> pushed(JsonNode result) {
        Map<String, Map<String, String>> pushed = new LinkedHashMap<>();
        List<String> evidence = new ArrayList<>();
        result.path("evidence").forEach(line -> evidence.add(line.asText()));
        for (JsonNode entry : result.path("pushed")) {
            Matcher m = PUSHED.matcher(entry.asText());
            assertThat(m.matches()).as(entry.asText()).isTrue();
            pushed.computeIfAbsent(m.group(1), r -> new LinkedHashMap<>()).put(m.group(2), m.group(3));
            assertThat(evidence).contains("pushed " + m.group(1) + ":" + m.group(2) + " as " + m.group(3));
        }
        return pushed;
    }

    @Test
    @Order(1)
    @DisplayName("every tag todoctl reports pushed (version, git sha, latest) is in the registry for api and web, "
            + "with the digest the engine records")
    void pushesEveryTag() throws Exception {
        CliRun run = CliRun.in(work, env, "build", "--push", "--registry", registry.address(), "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode result = JSON.readTree(run.out());
        Map<String, Map<String, String>> pushed = pushed(result);
        String prefix = registry.address() + "/";
        assertThat(pushed).as(run.toString()).containsOnlyKeys(prefix + "todo-chatbot-api", prefix + "todo-chatbot-web");

        String gitSha = new String(new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
                .directory(source.toFile()).start().getInputStream().readAllBytes()).strip();
        for (JsonNode artifact : result.path("artifacts")) {
            String reference = artifact.path("reference").asText();
            String repository = reference.substring(0, reference.lastIndexOf(':'));
            Map<String, String> tags = pushed.get(repository);
            assertThat(tags).as(repository).hasSize(3).containsKey("latest")
                    .containsKey(reference.substring(reference.lastIndexOf(':') + 1));
            String path = repository.substring(prefix.length());
            assertThat(registry.tags(path)).as("tags/list of " + path).containsExactlyInAnyOrderElementsOf(tags.keySet());

            // one image, so one manifest digest for all its tags, and it is the RepoDigest the engine now reports
            List<String> repoDigests = docker.inspectImageCmd(reference).exec().getRepoDigests();
            assertThat(docker.inspectImageCmd(reference).exec().getId()).isEqualTo(artifact.path("digest").asText());
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                assertThat(registry.digest(path, tag.getKey())).as(path + ":" + tag.getKey()).contains(tag.getValue());
                assertThat(repoDigests).contains(repository + "@" + tag.getValue());
            }
            assertThat(tags.values()).as("one digest per image").containsOnly(tags.get("latest"));
        }
        // the git short sha of a checkout is one of the tags (the source dir is a git worktree here)
        if (gitSha.matches("[0-9a-f]{4,40}")) {
            assertThat(pushed.values()).allSatisfy(tags -> assertThat(tags).containsKey(gitSha));
        }
    }

    @Test
    @Order(2)
    @DisplayName("load for a cluster that pulls (any other context) names the pushed images and their digests")
    void loadForRemoteCluster() throws Exception {
        Path kubeconfig = work.resolve("kubeconfig");
        // load never calls the API server for such a context: an address nobody listens on proves it
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: prod, cluster: {server: "https://127.0.0.1:%d"}}]
                users: [{name: prod, user: {token: t}}]
                contexts: [{name: prod-eu, context: {cluster: prod, user: prod}}]
                current-context: prod-eu
                """.formatted(Ports.anyFree()));
        Map<String, String> vars = new HashMap<>(env);
        vars.put("KUBECONFIG", kubeconfig.toString());
        CliRun run = CliRun.in(work, vars, "load", "--push", "--registry", registry.address(), "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode result = JSON.readTree(run.out());
        assertThat(result.path("summary").asText() + result.path("evidence")).as(run.toString())
                .contains(registry.address());
        for (String component : List.of("api", "web")) {
            String path = "todo-chatbot-" + component;
            String digest = registry.digest(path, "latest").orElseThrow();
            assertThat(result.path("evidence").toString()).as(run.toString())
                    .contains(registry.address() + "/" + path + "@" + digest);
        }

        Map<String, String> noPush = new HashMap<>(vars);
        CliRun refused = CliRun.in(work, noPush, "load");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(20);
        assertThat(refused.err()).contains("--push --registry");
    }

    @Test
    @Order(3)
    @DisplayName("a registry that is down: exit 10, which registry and a fix, and no push reported as done")
    void registryDown() {
        String down = "127.0.0.1:" + Ports.anyFree();
        // docker-java logs (JUL, to the real stderr) an exception thrown from a callback, stack trace and all
        List<LogRecord> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger dockerJava = Logger.getLogger("com.github.dockerjava");
        dockerJava.addHandler(handler);
        CliRun run;
        try {
            run = CliRun.in(work, env, "build", "--push", "--registry", down);
        } finally {
            dockerJava.removeHandler(handler);
        }
        assertThat(logged).as("docker-java log records").noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(10);
        assertThat(run.err()).as(run.toString()).contains("push of " + down + "/todo-chatbot-api")
                .contains("connection refused").contains("(nothing was pushed)");
        assertThat(run.err()).contains("fix: nothing answers as a registry at " + down).contains("curl http://" + down + "/v2/");
        assertThat(run.out() + run.err()).doesNotContainPattern("(?m)^\\s*pushed ").doesNotContain("built " + down);
    }
}
