package dev.todoctl.cli.targets.kubernetes;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.DockerGate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Building into minikube's Docker engine (issue #16 item 3) with a fake {@code minikube} on PATH that reports an
 * engine the test controls: the real engine behind a TLS endpoint with certificates made by the test, as minikube's
 * engine is reached. {@code todoctl load} runs the build stage and the load stage of {@code up}.
 */
@DisplayName("minikube: build in the profile's engine (minikube docker-env), no load step")
class MinikubeEngineTest {
    private static final Path SOCKET = Path.of("/var/run/docker.sock");

    @TempDir
    Path work;
    private Path bin;
    private Path calls;
    private Path buildMarker;

    @BeforeEach
    void setUp() throws IOException {
        bin = Files.createDirectories(work.resolve("bin"));
        calls = work.resolve("minikube-calls");
        buildMarker = work.resolve("build-ran");
        Files.writeString(work.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: minikube
                  cluster: {server: "https://127.0.0.1:1"}
                users:
                - name: minikube
                  user: {token: not-used}
                contexts:
                - name: minikube
                  context: {cluster: minikube, user: minikube, namespace: default}
                - name: dev
                  context: {cluster: minikube, user: minikube, namespace: default}
                current-context: minikube
                """);
        // The artifact build: records that it ran; builds the sample app only when its jar is not there yet.
        Path build = executable(work.resolve("build.sh"), "#!/bin/sh\ntouch '" + buildMarker + "'\n"
                + "test -f sample-app/target/todo-chatbot.jar || exec mvn -o -q -B -Dmaven.test.skip=true -pl sample-app -am package\n");
        Files.writeString(work.resolve("todoctl.yaml"), """
                release: mk-test
                source-dir: %s
                state-dir: %s
                build:
                  command: %s
                  inputs: build.sh
                """.formatted(sourceDir(), work.resolve("state"), build));
    }

    private static Path sourceDir() {
        return Path.of(System.getenv().getOrDefault("TODOCTL_TEST_SOURCE_DIR",
                Path.of("").toAbsolutePath().getParent().toString()));
    }

    /** A fake minikube: logs its arguments; {@code docker-env} prints {@code output} and exits {@code exit}. */
    private void fakeMinikube(String output, int exit) throws IOException {
        executable(bin.resolve("minikube"), "#!/bin/sh\necho \"$*\" >> '" + calls + "'\n"
                + "case \"$*\" in\n  *docker-env*) cat <<'EOF'\n" + output + "EOF\n    exit " + exit + ";;\n"
                + "  *) echo \"unexpected: minikube $*\" >&2; exit 97;;\nesac\n");
    }

    private static Path executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private CliRun load(String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("KUBECONFIG", work.resolve("kubeconfig").toString());
        env.put("HOME", System.getProperty("user.home"));
        System.getenv().forEach((k, v) -> {
            if (k.equals("JAVA_HOME") || k.equals("MAVEN_OPTS")) {
                env.put(k, v);
            }
        });
        List<String> args = new java.util.ArrayList<>(List.of("load", "-o", "json"));
        args.addAll(List.of(extra));
        return CliRun.in(work, env, args.toArray(String[]::new));
    }

    private List<String> minikubeCalls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    @DisplayName("the images are built in the engine minikube reports (over TLS with its ca/cert/key), and nothing is loaded")
    void buildsInMinikubesEngine() throws Exception {
        if (!DockerGate.engineAnswers()) {
            DockerGate.unavailable("no Docker engine answers at " + SOCKET);
        }
        DockerClient docker = DockerGate.connect();
        String registry = "todoctl-mk-test-" + UUID.randomUUID().toString().substring(0, 8);
        try (TlsEngineProxy proxy = TlsEngineProxy.start(SOCKET, work.resolve("certs"))) {
            fakeMinikube("""
                    DOCKER_TLS_VERIFY=1
                    DOCKER_HOST=tcp://127.0.0.1:%d
                    DOCKER_CERT_PATH=%s
                    MINIKUBE_ACTIVE_DOCKERD=minikube
                    """.formatted(proxy.port(), work.resolve("certs")), 0);
            CliRun run = load("--set", "build.registry=" + registry, "--set",
                    "images.build-args=TODOCTL_TEST_RUN=" + registry);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("built into minikube's engine (profile minikube): no load step")
                    .contains("\"skipped\" : true");
            assertThat(minikubeCalls()).containsExactly("-p minikube docker-env --shell none");
            assertThat(proxy.sessions()).as("docker-java reached the engine through the TLS endpoint").isPositive();
            for (String component : List.of("api", "web")) {
                String repository = registry + "/todo-chatbot-" + component;
                assertThat(tagsOf(docker, repository)).as(repository + " in the engine minikube named").isNotEmpty();
            }
        } finally {
            // Only this test's tags (its own registry prefix), matched here: the engine is shared.
            for (String component : List.of("api", "web")) {
                for (String tag : tagsOf(docker, registry + "/todo-chatbot-" + component)) {
                    try {
                        docker.removeImageCmd(tag).exec();
                    } catch (NotFoundException e) {
                        // gone with an earlier tag
                    }
                }
            }
            docker.close();
        }
    }

    private static List<String> tagsOf(DockerClient docker, String repository) {
        return docker.listImagesCmd().exec().stream()
                .flatMap(image -> image.getRepoTags() == null ? java.util.stream.Stream.<String>empty()
                        : java.util.Arrays.stream(image.getRepoTags()))
                .filter(tag -> tag.startsWith(repository + ":")).toList();
    }

    @Nested
    @DisplayName("refused before anything is built (exit 10, the reason, the fixes)")
    class Refusals {
        @Test
        @DisplayName("no minikube on PATH")
        void noMinikube() {
            CliRun run = load();
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(10);
            assertThat(run.err()).contains("cannot build in minikube's Docker engine (profile minikube)")
                    .contains("minikube is not installed").contains("kubernetes.minikube-engine=false");
            assertThat(buildMarker).doesNotExist();
        }

        @Test
        @DisplayName("a stopped or missing profile: minikube exits non-zero, its words are shown")
        void stoppedProfile() throws IOException {
            fakeMinikube("🤷  Profile \"minikube\" not found. Run \"minikube profile list\" to view all profiles.\n", 85);
            CliRun run = load();
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(10);
            assertThat(run.err()).contains("`minikube -p minikube docker-env` exited 85")
                    .contains("Profile \"minikube\" not found").contains("minikube start -p minikube");
            assertThat(buildMarker).doesNotExist();
        }

        @Test
        @DisplayName("DOCKER_CERT_PATH without the certificates")
        void badCertPath() throws IOException {
            fakeMinikube("DOCKER_TLS_VERIFY=1\nDOCKER_HOST=tcp://127.0.0.1:2376\nDOCKER_CERT_PATH=" + work.resolve("no-certs")
                    + "\nMINIKUBE_ACTIVE_DOCKERD=minikube\n", 0);
            CliRun run = load();
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(10);
            assertThat(run.err()).contains("DOCKER_CERT_PATH (" + work.resolve("no-certs") + ") lacks ca.pem, cert.pem, key.pem");
            assertThat(buildMarker).doesNotExist();
        }

        @Test
        @DisplayName("an engine that does not answer (stopped, restarting): said so, nothing built")
        void engineDoesNotAnswer() throws Exception {
            Path certs = work.resolve("certs");
            try (TlsEngineProxy unused = TlsEngineProxy.start(SOCKET, certs)) {
                // only for its certificates: the engine named below is a closed port
            }
            int port = closedPort();
            fakeMinikube("DOCKER_TLS_VERIFY=1\nDOCKER_HOST=tcp://127.0.0.1:" + port + "\nDOCKER_CERT_PATH=" + certs
                    + "\nMINIKUBE_ACTIVE_DOCKERD=minikube\n", 0);
            CliRun run = load();
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(10);
            assertThat(run.err()).contains("minikube's engine (profile minikube) at tcp://127.0.0.1:" + port + " does not answer")
                    .contains("minikube -p minikube status");
            assertThat(buildMarker).doesNotExist();
        }

        @Test
        @DisplayName("kubernetes.minikube-profile names the profile of a context called otherwise")
        void profileSetting() throws IOException {
            fakeMinikube("", 85);
            CliRun run = load("--set", "kubernetes.context=dev", "--set", "kubernetes.minikube-profile=dev-profile");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(10);
            assertThat(minikubeCalls()).containsExactly("-p dev-profile docker-env --shell none");
        }

        @Test
        @DisplayName("a context that is not minikube never asks minikube (its build runs here: a failing one, to stop there)")
        void otherContext() throws IOException {
            fakeMinikube("", 85);
            CliRun run = load("--set", "kubernetes.context=dev", "--set", "build.command=false");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(10);
            assertThat(run.err()).contains("the artifact build failed");
            assertThat(minikubeCalls()).isEmpty();
        }
    }
}
