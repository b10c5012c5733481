package dev.todoctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.targets.kubernetes.KubernetesReleaseTest;
import dev.todoctl.cli.targets.kubernetes.MockCluster;
import dev.todoctl.cli.targets.kubernetes.ReleaseRecord;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kubernetes commands through the real CLI (in-process, picocli), against the mock API server with the
 * embedded Helm: deploy, history, rollback, down, and their bad-input paths; render needs no cluster.
 * {@code --force} because the mock rejects Helm's strategic-merge patches; {@code --no-verify} because nothing
 * answers HTTP behind the mock's Services.
 */
@DisplayName("kubernetes commands through the CLI")
class KubernetesCommandsTest {
    static final String OPENAI_KEY = "sk-test-0123456789abcdef-never-printed";
    static final String ENV_FILE_SECRET = "from-dotenv-9876543210-never-printed";
    static MockCluster cluster;
    @TempDir
    static Path dir;
    static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        cluster = new MockCluster();
        kubeconfig = cluster.kubeconfig(dir, "mock");
        Files.writeString(dir.resolve(".env"), "# chat provider\nexport ANTHROPIC_API_KEY=\"" + ENV_FILE_SECRET + "\"\n");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static CliRun todoctl(String namespace, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "kubernetes.namespace=" + namespace, "--set",
                "source-dir=" + KubernetesReleaseTest.repoRoot()));
        return CliRun.in(dir, Map.of("KUBECONFIG", kubeconfig.toString(), "OPENAI_API_KEY", OPENAI_KEY),
                all.toArray(String[]::new));
    }

    @Nested
    @DisplayName("deploy, history, rollback, down")
    class Lifecycle {
        @Test
        @DisplayName("a whole lifecycle; secrets reach a Secret of their own and never the output or Helm's records")
        void lifecycle() throws Exception {
            String ns = "cli-life";
            CliRun first = todoctl(ns, "deploy", "--tag", "1.0.0", "--env-file", ".env", "--force", "--no-verify");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(first.out()).contains("release todo-chatbot revision 1 is up").contains("web  http://192.168.49.2:30000");

            Secret secret = cluster.client.secrets().inNamespace(ns).withName("todo-chatbot-todoctl-secrets").get();
            assertThat(secret.getData()).containsOnlyKeys("OPENAI_API_KEY", "ANTHROPIC_API_KEY");
            assertThat(new String(Base64.getDecoder().decode(secret.getData().get("OPENAI_API_KEY")))).isEqualTo(OPENAI_KEY);
            ReleaseRecord record = ReleaseRecord.decode(cluster.client.secrets().inNamespace(ns)
                    .withName("sh.helm.release.v1.todo-chatbot.v1").get().getData().get("release"));
            assertThat(record.json().toString()).doesNotContain(OPENAI_KEY).doesNotContain(ENV_FILE_SECRET)
                    .contains("todo-chatbot-todoctl-secrets");

            CliRun second = todoctl(ns, "deploy", "--tag", "2.0.0", "--force", "--no-verify", "-o", "json");
            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(new ObjectMapper().readTree(second.out()).path("release").path("revision").asInt()).isEqualTo(2);

            CliRun history = todoctl(ns, "history");
            assertThat(history.exitCode()).as(history.toString()).isZero();
            assertThat(history.out()).contains("REVISION", "STATUS", "APP VERSION", "IMAGES", "superseded", "deployed",
                    "todo-chatbot-api:2.0.0", "todo-chatbot-0.1.0");

            CliRun rollback = todoctl(ns, "rollback", "--force", "--no-verify");
            assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
            assertThat(rollback.out()).contains("rolled back todo-chatbot from revision 2 to revision 1 (now revision 3)");

            JsonNode json = new ObjectMapper().readTree(todoctl(ns, "history", "-o", "json").out());
            assertThat(json).hasSize(3);
            assertThat(json.get(2).path("description").asText()).isEqualTo("Rollback to 1");
            assertThat(json.get(2).path("images").toString()).contains("todo-chatbot-api:1.0.0");

            for (CliRun run : List.of(first, second, history, rollback)) {
                assertThat(run.out() + run.err()).doesNotContain(OPENAI_KEY).doesNotContain(ENV_FILE_SECRET);
            }

            CliRun missing = todoctl(ns, "rollback", "9", "--force", "--no-verify");
            assertThat(missing.exitCode()).isEqualTo(70);
            assertThat(missing.err()).contains("has no revision 9");

            CliRun down = todoctl(ns, "down", "--target", "kubernetes", "--purge");
            assertThat(down.exitCode()).as(down.toString()).isZero();
            assertThat(down.out()).contains("removed Helm release todo-chatbot").contains("removed Secret todo-chatbot-todoctl-secrets");
            assertThat(cluster.client.secrets().inNamespace(ns).withLabel("owner", "helm").list().getItems()).isEmpty();
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {
        @Test
        @DisplayName("an unknown profile is exit 2")
        void unknownProfile() {
            CliRun run = todoctl("cli-bad1", "deploy", "--profile", "staging", "--force");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("unknown profile 'staging'");
        }

        @Test
        @DisplayName("values the schema rejects are exit 2 and nothing is installed")
        void brokenValues() {
            CliRun run = todoctl("cli-bad2", "deploy", "--helm-set", "web.service.nodePort=80", "--force", "--no-verify");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("the chart does not accept these values");
            assertThat(cluster.client.secrets().inNamespace("cli-bad2").list().getItems()).isEmpty();
            assertThat(cluster.client.namespaces().withName("cli-bad2").get()).isNull();
        }

        @Test
        @DisplayName("an unreachable cluster is exit 30 with the context and why, and nothing is left behind")
        void unreachable() throws Exception {
            Path dead = dir.resolve("kubeconfig-dead");
            MockCluster.writeKubeconfig(dead, "https://127.0.0.1:1", "dead");
            long tempBefore = kubeconfigTemps();
            CliRun run = CliRun.in(dir, Map.of("KUBECONFIG", dead.toString()), "deploy", "--set",
                    "source-dir=" + KubernetesReleaseTest.repoRoot());
            assertThat(run.exitCode()).isEqualTo(30);
            assertThat(run.err()).contains("context dead").contains("not reachable");
            assertThat(kubeconfigTemps()).isEqualTo(tempBefore);
        }

        static long kubeconfigTemps() throws Exception {
            try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                return files.filter(p -> p.getFileName().toString().startsWith("todoctl-kubeconfig-")).count();
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "todoctl {0} --help shows examples")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"deploy", "rollback", "history", "load", "render", "port-forward"})
    void help(String command) {
        CliRun run = CliRun.in(dir, Map.of(), command, "--help");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Examples:").contains("todoctl " + command);
    }

    @Nested
    @DisplayName("render")
    class Render {
        @Test
        @DisplayName("one file per template for the prod profile, without a cluster")
        void manifests() throws Exception {
            CliRun run = CliRun.in(dir, Map.of(), "render", "--profile", "prod", "--output-dir", "out", "--set",
                    "source-dir=" + KubernetesReleaseTest.repoRoot());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            Path templates = dir.resolve("out/templates");
            assertThat(templates.resolve("api-deployment.yaml")).exists();
            assertThat(templates.resolve("autoscaling.yaml")).exists();
            assertThat(Files.readString(templates.resolve("api-deployment.yaml"))).contains("kind: Deployment")
                    .contains("image: todo-chatbot-api:0.1.0");
        }

        @Test
        @DisplayName("--format compose: the same images and env from the same values, secrets as ${VAR} references")
        @SuppressWarnings("unchecked")
        void compose() {
            CliRun run = CliRun.in(dir, Map.of(), "render", "--format", "compose", "--helm-set", "api.image.tag=1.2.3",
                    "--set", "source-dir=" + KubernetesReleaseTest.repoRoot());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            Map<String, Object> compose = new Yaml().load(run.out());
            Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
            assertThat(services).containsOnlyKeys("postgres", "api", "web");
            assertThat(services.get("api").get("image")).isEqualTo("todo-chatbot-api:1.2.3");
            assertThat(services.get("web").get("image")).isEqualTo("todo-chatbot-web:0.1.0");
            Map<String, Object> apiEnv = (Map<String, Object>) services.get("api").get("environment");
            assertThat(apiEnv).containsEntry("LOG_LEVEL", "DEBUG").containsEntry("JWT_SECRET", "${JWT_SECRET:?set JWT_SECRET}")
                    .containsEntry("DATABASE_URL", "jdbc:postgresql://postgres:5432/todo");
        }
    }
}
