package dev.todoctl.cli.ops.images;

import dev.todoctl.cli.DockerGate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.todoctl.cli.CliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code todoctl images analyze} on the real Docker engine: a deliberately bad image (root, ENV API_TOKEN, an apt
 * cache left in a layer, only tagged latest, no HEALTHCHECK) and a good one, both built here FROM the local
 * Debian base (scripts/base-images.sh; nothing can be pulled) and removed afterwards. Skipped without an engine
 * or the base image, unless TODOCTL_REQUIRE_DOCKER=true.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("images analyze on the real Docker engine")
class ImagesAnalyzeEngineTest {
    static final String BASE = "todoctl/debian-base:trixie";
    static final String SECRET = "abc123";
    final String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    final String bad = "todoctl-test-bad-" + suffix + ":latest";
    final String goodRepo = "todoctl-test-good-" + suffix;
    final String good = goodRepo + ":1.0.0";
    final List<String> built = new ArrayList<>();
    DockerClient docker;

    @TempDir
    Path dir;

    @BeforeAll
    void buildImages(@TempDir Path context) throws Exception {
        docker = DockerGate.connect();
        try {
            docker.inspectImageCmd(BASE).exec();
        } catch (NotFoundException e) {
            DockerGate.unavailable("the engine lacks " + BASE + " (build it: scripts/base-images.sh)");
        }
        // apt-get install of an already installed package works offline; the lists file stands in for a real
        // `apt-get update` (no registry, and no need to download lists to show the layer keeps them)
        build(context.resolve("bad"), """
                FROM %s
                ENV API_TOKEN=%s
                RUN mkdir -p /var/lib/apt/lists && printf 'Package: demo\\nVersion: 1.0\\nArchitecture: all\\n\\n' > /var/lib/apt/lists/mirror.invalid_debian_dists_trixie_main_binary-amd64_Packages && apt-get install -y dpkg
                CMD ["bash"]
                """.formatted(BASE, SECRET), Set.of(bad));
        build(context.resolve("good"), """
                FROM %s
                RUN apt-get install -y dpkg && rm -rf /var/lib/apt/lists/* \\
                 && groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid 10001 --no-create-home app
                USER 10001:10001
                EXPOSE 8080
                HEALTHCHECK --interval=10s CMD ["true"]
                LABEL org.opencontainers.image.base.name=%s
                CMD ["bash"]
                """.formatted(BASE, BASE), Set.of(good, goodRepo + ":abc1234", goodRepo + ":latest"));
    }

    private void build(Path context, String dockerfile, Set<String> tags) throws Exception {
        Files.createDirectories(context);
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        String id = docker.buildImageCmd(context.toFile()).withTags(tags).withForcerm(true).withPull(false)
                .exec(new BuildImageResultCallback()).awaitImageId();
        built.add(id);
    }

    @AfterAll
    void removeImages() {
        if (docker == null) {
            return;
        }
        for (String id : built) {
            try {
                docker.removeImageCmd(id).withForce(true).exec();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    CliRun todoctl(String... args) {
        return CliRun.in(dir, Map.of(), args);
    }

    static JsonNode json(CliRun run) throws Exception {
        // exactly one document on stdout
        return new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readTree(run.out());
    }

    static List<String> rules(JsonNode image) {
        List<String> rules = new ArrayList<>();
        image.path("findings").forEach(f -> rules.add(f.path("rule").asText()));
        return rules;
    }

    @Test
    @DisplayName("the bad image: root, secret env, package cache, latest, no healthcheck — and the secret is never printed")
    void badImage() throws Exception {
        CliRun run = todoctl("images", "analyze", bad, "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode image = json(run).path("images").get(0);
        assertThat(rules(image)).containsExactlyInAnyOrder("root-user", "secret-env", "no-healthcheck", "package-cache", "latest-tag");
        assertThat(image.path("env").path("API_TOKEN").asText()).isEqualTo("******");
        assertThat(image.path("layers").toString()).contains("ENV API_TOKEN=******");
        assertThat(image.path("base_image").asText()).isEqualTo("unknown");
        assertThat(image.path("user").asText()).isEqualTo("root (not set)");
        assertThat(run.out() + run.err()).doesNotContain(SECRET);

        CliRun table = todoctl("images", "analyze", bad);
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out()).contains("critical root-user: runs as root").contains("API_TOKEN=******")
                .contains("warning package-cache: apt lists").doesNotContain(SECRET);
    }

    @Test
    @DisplayName("--fail-on turns findings into exit 10; --max-size moves the budget")
    void gates() throws Exception {
        assertThat(todoctl("images", "analyze", bad, "--fail-on", "critical").exitCode()).isEqualTo(10);
        CliRun warning = todoctl("images", "analyze", good, "--fail-on", "warning");
        assertThat(warning.exitCode()).as(warning.toString()).isZero();
        CliRun small = todoctl("images", "analyze", good, "--max-size", "10MB", "--fail-on", "warning", "-o", "json");
        assertThat(small.exitCode()).as(small.toString()).isEqualTo(10);
        assertThat(rules(json(small).path("images").get(0))).containsExactly("size-budget");
        assertThat(json(small).path("failed").get(0).asText()).isEqualTo(good);
        assertThat(small.err()).contains("findings at warning or worse in " + good);
    }

    @Test
    @DisplayName("the good image has no findings, and its facts are read")
    void goodImage() throws Exception {
        CliRun run = todoctl("images", "analyze", good, "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode image = json(run).path("images").get(0);
        assertThat(rules(image)).isEmpty();
        assertThat(image.path("base_image").asText()).isEqualTo(BASE);
        assertThat(image.path("user").asText()).isEqualTo("10001:10001");
        assertThat(image.path("exposed_ports").toString()).contains("8080/tcp");
        assertThat(image.path("healthcheck").asText()).contains("true");
        assertThat(image.path("layers").toString()).contains("rm -rf /var/lib/apt/lists/*");
    }

    @Test
    @DisplayName("the stack's default: what <repo>:latest points to, named by its version tag")
    void lastBuilt() {
        assertThat(new ImageInspector(docker).lastBuilt(goodRepo)).isEqualTo(good);
    }

    @Test
    @DisplayName("bad input exits 2 and changes nothing")
    void badInput() {
        CliRun missing = todoctl("images", "analyze", "todoctl-test-missing-" + suffix + ":1");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("no image todoctl-test-missing-" + suffix + ":1 in the engine");
        assertThat(todoctl("images", "analyze", good, "--max-size", "lots").exitCode()).isEqualTo(2);
        assertThat(todoctl("images", "analyze", good, "--fail-on", "info").exitCode()).isEqualTo(2);
    }
}
