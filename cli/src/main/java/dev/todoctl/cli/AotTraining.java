package dev.todoctl.cli;

import dev.todoctl.cli.platform.Environment;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.ServiceList;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetList;
import io.fabric8.kubernetes.api.model.apps.StatefulSetList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run of install.sh's JDK AOT cache (JEP 514): the read-only commands an operator types most, run
 * in-process one after the other so that one run records the classes all of them load. The cache holds only
 * classes the training run loaded; trained on {@code --help} alone it held 1,603 of the 4,800 classes
 * {@code status --target docker} loads, and each of the others was read, verified and linked from the jar at every
 * start (measured: status on docker 1.47 s with the {@code --help} cache, 0.85–0.95 s with a cache that had seen
 * it).
 *
 * <p>Nothing here changes anything: a release name no one uses, a state directory and working directory in a
 * temporary directory (deleted afterwards), and a kubeconfig whose API server is a closed local port, so that the
 * Kubernetes client's classes load and its first request fails at once instead of reaching a real cluster. The
 * Docker target asks the engine the user's environment names (or finds none) about containers that do not exist.
 */
public final class AotTraining {
    /** Each is one todoctl command line, run with the training directory as its working directory. */
    static final List<List<String>> COMMANDS = List.of(
            List.of("--help"),
            List.of("config", "view"),
            List.of("doctor"),
            List.of("doctor", "-o", "json"),
            List.of("status", "--target", "local"),
            List.of("history", "--target", "local"),
            List.of("status", "--target", "docker"),
            List.of("status", "--target", "docker", "-o", "json"),
            List.of("history", "--target", "docker"),
            List.of("status", "--target", "kubernetes"),
            List.of("history", "--target", "kubernetes"));

    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        train(System.getenv());
        // The clients' pools may hold non-daemon threads; the cache is written as the JVM exits.
        System.exit(0);
    }

    /** Runs {@link #COMMANDS} in this JVM with {@code environment}'s variables; returns the exit code of each. */
    static List<Integer> train(Map<String, String> environment) throws IOException {
        List<Integer> codes = new java.util.ArrayList<>();
        Path dir = Files.createTempDirectory("todoctl-aot-training");
        try {
            // The styles a todoctl.yaml is written in (block and flow mappings, quotes, a comment, a profile): a
            // YAML parser class the cache lacks is read from its jar at every start (as flow mappings were).
            Files.writeString(dir.resolve("todoctl.yaml"), """
                    # a training run's configuration
                    release: todoctl-aot-training
                    state-dir: "%s"
                    kubernetes:
                      namespace: 'todoctl-aot-training'
                    local: {api-port: 0, web-port: 0}
                    docker: {api-port: 0, web-port: 0}
                    profiles:
                      dev:
                        app: {log-level: info}
                    """.formatted(dir.resolve("state")));
            Files.writeString(dir.resolve("kubeconfig"), """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: training
                      cluster: {server: "https://127.0.0.1:1"}
                    users:
                    - name: training
                      user: {token: training}
                    contexts:
                    - name: training
                      context: {cluster: training, user: training, namespace: todoctl-aot-training}
                    current-context: training
                    """);
            Map<String, String> vars = new HashMap<>(environment);
            vars.put("KUBECONFIG", dir.resolve("kubeconfig").toString());
            vars.put("NO_COLOR", "1");
            Environment env = new Environment(vars, dir, dir, false);
            PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream(), true);
            for (List<String> command : COMMANDS) {
                String[] line = command.toArray(String[]::new);
                codes.add(Todoctl.commandLine(env, discard, discard, line).execute(line));
            }
            kubernetesModel();
            tlsClientHello();
        } finally {
            deleteTree(dir);
        }
        return codes;
    }

    /**
     * The Kubernetes model classes {@code status} and {@code history} read (Helm's release Secrets, the workloads,
     * pods, services), loaded as their answers load them: the training's cluster is a closed port, so the commands
     * above never see one. Without them ~500 model classes came from the jar at each kubernetes {@code status}.
     */
    private static void kubernetesModel() {
        KubernetesSerialization json = new KubernetesSerialization();
        for (Class<?> list : List.of(SecretList.class, DeploymentList.class, StatefulSetList.class, ReplicaSetList.class,
                PodList.class, ServiceList.class, EventList.class, NodeList.class)) {
            json.unmarshal("{\"items\":[{}]}", list);
        }
    }

    /**
     * The client side of a TLS handshake up to its first message: the Kubernetes API is https, and the training's
     * cluster refuses the connection before any TLS, so ~270 TLS classes were read from the JDK at each kubernetes
     * command. Nothing is sent anywhere: the ClientHello is written into a buffer.
     */
    private static void tlsClientHello() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, null, null);
            SSLEngine engine = tls.createSSLEngine("kubernetes.default", 443);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
        } catch (GeneralSecurityException | SSLException e) {
            // only a training run: the cache then holds fewer classes
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
