package dev.todoctl.cli.targets.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.todoctl.app.api.ApiServer;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.config.Env;
import dev.todoctl.app.web.WebConfig;
import dev.todoctl.app.web.WebServerApp;
import dev.todoctl.cli.CliRun;
import dev.todoctl.cli.Todoctl;
import dev.todoctl.cli.platform.Environment;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code todoctl port-forward} and the kubernetes smoke check, through fabric8's real port-forward client, over
 * the mock API server's WebSocket upgrade to {@link PortForwardKubelet}, which relays to the real sample app
 * (api and web started in-process) standing for the pods' ports — or to a broken api answering 503 on
 * {@code /health/ready}, or to a port nothing listens on.
 */
@DisplayName("port-forward over a kubelet stand-in to the real app")
class PortForwardTest {
    static final String API_POD = "todo-chatbot-api-";
    static final String WEB_POD = "todo-chatbot-web-";
    static MockCluster cluster;
    static PortForwardKubelet kubelet;
    @TempDir
    static Path dir;
    static Path kubeconfig;
    static ApiServer api;
    static WebServerApp web;
    static HttpServer brokenApi;
    static int nothingListens;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        cluster = new MockCluster();
        kubelet = cluster.dispatcher.kubelet;
        kubeconfig = cluster.kubeconfig(dir, "mock");
        api = ApiServer.start(ApiConfig.from(new Env(Map.of("PORT", "0", "HOST", "127.0.0.1",
                "JWT_SECRET", "port-forward-test-secret-0123456789", "DATA_DIR", dir.resolve("data").toString()))));
        web = WebServerApp.start(WebConfig.of("127.0.0.1", 0, "http://127.0.0.1:" + api.port()));
        brokenApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        brokenApi.createContext("/", exchange -> {
            byte[] body = "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"database\",\"status\":\"DOWN\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/health/ready") ? 503 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        brokenApi.start();
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nothingListens = s.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        cluster.close();
        web.close();
        api.close();
        brokenApi.stop(0);
    }

    static CliRun todoctl(String namespace, String... args) {
        return CliRun.in(dir, Map.of("KUBECONFIG", kubeconfig.toString()), withNamespace(namespace, args));
    }

    static String[] withNamespace(String namespace, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "kubernetes.namespace=" + namespace, "--set",
                "source-dir=" + KubernetesReleaseTest.repoRoot()));
        return all.toArray(String[]::new);
    }

    /** The release's pods in {@code namespace}: api on {@code apiPort}, web on the real web. */
    static void pods(String namespace, int apiPort) {
        kubelet.route(namespace, API_POD, 8080, apiPort);
        kubelet.route(namespace, WEB_POD, 8000, web.port());
    }

    static void deployed(String namespace) {
        pods(namespace, api.port());
        CliRun deploy = todoctl(namespace, "deploy", "--tag", "1.0.0", "--force", "--no-verify");
        assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    }

    static List<String> streamsIn(String namespace) {
        return kubelet.streams.stream().filter(s -> s.startsWith(namespace + "/")).toList();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    static final List<Running> RUNNING = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A test that failed half-way leaves no forward running into the next one. */
    @org.junit.jupiter.api.AfterEach
    void stopLeftovers() throws InterruptedException {
        for (Running run : RUNNING) {
            run.thread.interrupt();
            run.thread.join(Duration.ofSeconds(10));
        }
        RUNNING.clear();
    }

    /** {@code todoctl port-forward} running in a thread of its own, as a user's terminal would run it. */
    static final class Running {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread thread;

        Running(String namespace, String... args) {
            String[] all = withNamespace(namespace, args);
            Map<String, String> env = new HashMap<>(Map.of("KUBECONFIG", kubeconfig.toString(), "NO_COLOR", "1",
                    "HOME", dir.toString(), "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
            CommandLine cli = Todoctl.commandLine(new Environment(env, dir, dir, false), new PrintWriter(out, true),
                    new PrintWriter(err, true), all);
            thread = Thread.ofPlatform().name("todoctl-port-forward").daemon().start(() -> exit.set(cli.execute(all)));
            RUNNING.add(this);
        }

        Matcher await(Pattern pattern) throws InterruptedException {
            eventually(() -> pattern.matcher(out.toString()).find() || !thread.isAlive(), "output matching " + pattern);
            Matcher m = pattern.matcher(out.toString());
            assertThat(m.find()).as("out:\n" + out + "\nerr:\n" + err).isTrue();
            return m;
        }

        /** For a command that must end on its own: its exit code, or a failure (not a hung build) if it keeps running. */
        int finish() throws InterruptedException {
            thread.join(Duration.ofSeconds(30));
            assertThat(thread.isAlive()).as("port-forward should have ended by itself; " + this).isFalse();
            return exit.get();
        }

        /** What Ctrl-C does to the command: an interrupt of the thread running it. */
        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(10));
            assertThat(thread.isAlive()).as("port-forward still running after the interrupt").isFalse();
            return exit.get();
        }

        @Override
        public String toString() {
            return "exit " + exit.get() + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static boolean refuses(int port) {
        return refuses(java.net.InetAddress.getLoopbackAddress(), port);
    }

    static boolean refuses(java.net.InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** This machine's own IPv4 addresses other than loopback (a forward bound to every interface answers there). */
    static List<java.net.InetAddress> nonLoopbackAddresses() throws IOException {
        List<java.net.InetAddress> addresses = new ArrayList<>();
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                java.util.Collections.list(nic.getInetAddresses()).stream()
                        .filter(a -> a instanceof java.net.Inet4Address).forEach(addresses::add);
            }
        }
        return addresses;
    }

    @Nested
    @DisplayName("todoctl port-forward")
    class Command {
        @Test
        @DisplayName("api: readiness, signup and a task through the forward to the pod's port 8080; Ctrl-C closes it, exit 0")
        void api() throws Exception {
            String ns = "pf-api";
            deployed(ns);
            Running run = new Running(ns, "port-forward", "api", "--port", "0", "--target", "kubernetes");
            Matcher m = run.await(Pattern.compile("api (http://127\\.0\\.0\\.1:(\\d+)) +\\(pod (todo-chatbot-api-\\S+) port 8080"));
            String url = m.group(1);
            int port = Integer.parseInt(m.group(2));

            assertThat(send(HttpRequest.newBuilder(URI.create(url + "/health/ready"))).statusCode()).isEqualTo(200);
            HttpResponse<String> signup = send(HttpRequest.newBuilder(URI.create(url + "/api/v1/auth/signup"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"pf@example.com\",\"password\":\"forward-me-please\"}")));
            assertThat(signup.statusCode()).as(signup.body()).isEqualTo(201);
            String token = JSON.readTree(signup.body()).path("token").asText();
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(url + "/api/v1/tasks"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"through the port-forward\"}")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> list = send(HttpRequest.newBuilder(URI.create(url + "/api/v1/tasks"))
                    .header("Authorization", "Bearer " + token));
            assertThat(list.body()).contains("through the port-forward");
            assertThat(streamsIn(ns)).isNotEmpty().allMatch(s -> s.matches(ns + "/todo-chatbot-api-\\S+:8080"));
            for (java.net.InetAddress other : nonLoopbackAddresses()) {
                assertThat(refuses(other, port)).as("the forward listens on 127.0.0.1 only, not on " + other).isTrue();
            }

            assertThat(run.stop()).as(run.toString()).isZero();
            assertThat(run.out.toString()).contains("port-forward to api stopped");
            // fabric8 closes the listening socket from under its accept thread: gone a moment later, not at once
            eventually(() -> refuses(port), "local port " + port + " closed");
            eventually(() -> kubelet.open.get() == 0, "every WebSocket to the kubelet closed");
        }

        @Test
        @DisplayName("web (the default), -o json: the UI and the web's /api proxy answer through the forward")
        void webJson() throws Exception {
            String ns = "pf-web";
            deployed(ns);
            Running run = new Running(ns, "port-forward", "--port", "0", "-o", "json", "--target", "kubernetes");
            run.await(Pattern.compile("\\}\\s*$"));
            JsonNode doc = JSON.readTree(run.out.toString());
            assertThat(doc.path("component").asText()).isEqualTo("web");
            assertThat(doc.path("pod").asText()).startsWith(WEB_POD);
            assertThat(doc.path("pod_port").asInt()).isEqualTo(8000);
            String url = doc.path("url").asText();
            HttpResponse<String> ui = send(HttpRequest.newBuilder(URI.create(url + "/")));
            assertThat(ui.statusCode()).isEqualTo(200);
            assertThat(ui.body()).containsIgnoringCase("<html");
            assertThat(send(HttpRequest.newBuilder(URI.create(url + "/api/v1/auth/me"))).statusCode()).isEqualTo(401);
            assertThat(run.stop()).as(run.toString()).isZero();
            eventually(() -> refuses(Integer.parseInt(url.replaceAll(".*:", ""))), "local port closed");
        }

        @Test
        @DisplayName("nothing listens on the pod's port: the kubelet's error is shown while it runs")
        void podPortRefuses() throws Exception {
            String ns = "pf-refused";
            deployed(ns);
            kubelet.route(ns, API_POD, 8080, nothingListens);
            Running run = new Running(ns, "port-forward", "api", "--port", "0", "--target", "kubernetes");
            String url = run.await(Pattern.compile("api (http://127\\.0\\.0\\.1:\\d+)")).group(1);
            assertThatThrownBy(() -> send(HttpRequest.newBuilder(URI.create(url + "/health/ready"))))
                    .isInstanceOf(IOException.class);
            eventually(() -> run.err.toString().contains("error forwarding port 8080 to pod todo-chatbot-api-"),
                    "the kubelet's error as a warning, err:\n" + run.err);
            assertThat(run.err.toString()).contains("a connection through the port-forward failed");
            assertThat(run.stop()).as(run.toString()).isZero();
        }

        @Test
        @DisplayName("a local port that is taken is exit 2 with a fix, and nothing keeps running")
        void portTaken() throws Exception {
            String ns = "pf-taken";
            deployed(ns);
            try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                Running run = new Running(ns, "port-forward", "api", "--port", String.valueOf(taken.getLocalPort()),
                        "--target", "kubernetes");
                assertThat(run.finish()).as(run.toString()).isEqualTo(2);
                assertThat(run.err.toString()).contains("local port " + taken.getLocalPort() + " is not free").contains("--port 0");
            }
            assertThat(streamsIn(ns)).isEmpty();
        }

        @Test
        @DisplayName("no ready pod behind the Service: exit 30 naming the pods and why, before listening")
        void noReadyPod() throws Exception {
            String ns = "pf-unready";
            Map<String, String> labels = Map.of("app.kubernetes.io/instance", "todo-chatbot",
                    "app.kubernetes.io/component", "api");
            cluster.client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("todo-chatbot-api")
                    .withLabels(labels).endMetadata().withNewSpec().withSelector(labels).addNewPort().withPort(8080)
                    .withNewTargetPort("http").endPort().endSpec().build()).create();
            cluster.client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("todo-chatbot-api-1")
                    .withLabels(labels).endMetadata().withNewSpec().addNewContainer().withName("api").addNewPort()
                    .withName("http").withContainerPort(8080).endPort().endContainer().endSpec().withNewStatus()
                    .withPhase("Running").addNewCondition().withType("Ready").withStatus("False").endCondition()
                    .endStatus().build()).create();
            Running run = new Running(ns, "port-forward", "api", "--port", "0", "--target", "kubernetes");
            assertThat(run.finish()).as(run.toString()).isEqualTo(30);
            assertThat(run.err.toString()).contains("no ready pod behind Service todo-chatbot-api")
                    .contains("todo-chatbot-api-1 Running, not ready").contains("todoctl status");
            assertThat(streamsIn(ns)).isEmpty();
        }
    }

    @Nested
    @DisplayName("validate through port-forwards, as README says to on kubernetes")
    class Validate {
        @Test
        @DisplayName("contract, health, auth and tasks scenarios pass through `port-forward api` and `port-forward web`")
        void throughForwards() throws Exception {
            String ns = "pf-validate";
            deployed(ns);
            Running apiForward = new Running(ns, "port-forward", "api", "--port", "0", "--target", "kubernetes");
            Running webForward = new Running(ns, "port-forward", "web", "--port", "0", "--target", "kubernetes");
            Pattern url = Pattern.compile("(?:api|web) (http://127\\.0\\.0\\.1:\\d+)");
            String apiUrl = apiForward.await(url).group(1);
            String webUrl = webForward.await(url).group(1);
            CliRun run = todoctl(ns, "validate", "--base-url", apiUrl, "--web-url", webUrl,
                    "--scenario", "health", "--scenario", "auth", "--scenario", "tasks");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(streamsIn(ns)).anyMatch(s -> s.matches(ns + "/todo-chatbot-api-\\S+:8080"))
                    .anyMatch(s -> s.matches(ns + "/todo-chatbot-web-\\S+:8000"));
            assertThat(apiForward.stop()).isZero();
            assertThat(webForward.stop()).isZero();
        }
    }

    @Nested
    @DisplayName("the smoke check after deploy, over port-forwards (no --no-verify)")
    class Smoke {
        @Test
        @DisplayName("passes against the ready app, reaching api on pod port 8080 and web on 8000, and closes its forwards")
        void passes() throws Exception {
            String ns = "smoke-ok";
            pods(ns, api.port());
            CliRun run = todoctl(ns, "deploy", "--tag", "1.0.0", "--force");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("release todo-chatbot revision 1 is up");
            assertThat(streamsIn(ns)).anyMatch(s -> s.matches(ns + "/todo-chatbot-api-\\S+:8080"))
                    .anyMatch(s -> s.matches(ns + "/todo-chatbot-web-\\S+:8000"));
            eventually(() -> kubelet.open.get() == 0, "every WebSocket to the kubelet closed");
        }

        @Test
        @DisplayName("a Service port other than the container port: the forward goes to the named container port")
        void namedTargetPort() {
            String ns = "smoke-port80";
            pods(ns, api.port());
            CliRun run = todoctl(ns, "deploy", "--tag", "1.0.0", "--force", "--helm-set", "web.service.port=80");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(cluster.client.services().inNamespace(ns).withName("todo-chatbot-web").get().getSpec().getPorts()
                    .getFirst().getPort()).isEqualTo(80);
            assertThat(streamsIn(ns)).anyMatch(s -> s.matches(ns + "/todo-chatbot-web-\\S+:8000"))
                    .noneMatch(s -> s.endsWith(":80"));
        }

        @Test
        @DisplayName("an api answering 503 on /health/ready behind the forward: exit 30 saying so and through which pod")
        void unreadyApp() {
            String ns = "smoke-503";
            pods(ns, brokenApi.getAddress().getPort());
            CliRun run = todoctl(ns, "deploy", "--tag", "1.0.0", "--force");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(30);
            Matcher failed = Pattern.compile("smoke check failed: GET (http://127\\.0\\.0\\.1:\\d+)/health/ready → 503 \\(expected 200\\)")
                    .matcher(run.err());
            assertThat(failed.find()).as(run.toString()).isTrue();
            // the transient local URL is tied to the pod and port it stood for
            assertThat(run.err()).containsPattern("checked through port-forwards to .*pod todo-chatbot-api-\\S+ port 8080 as "
                    + Pattern.quote(failed.group(1)) + "\\b");
        }

        @Test
        @DisplayName("nothing listening in the pod: exit 30 with the kubelet's error, not just 'no answer'")
        void podPortRefuses() {
            String ns = "smoke-refused";
            pods(ns, nothingListens);
            CliRun run = todoctl(ns, "deploy", "--tag", "1.0.0", "--force");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(30);
            assertThat(run.err()).contains("/health/ready → no answer")
                    .contains("error forwarding port 8080 to pod todo-chatbot-api-");
        }
    }
}
