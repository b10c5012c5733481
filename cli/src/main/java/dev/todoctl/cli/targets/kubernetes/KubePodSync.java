package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.Concurrently;
import dev.todoctl.cli.targets.LiveReload;
import dev.todoctl.cli.targets.OverlayLaunch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The in-pod half of {@code todoctl dev} on kubernetes: copies the session's files into the running app pods
 * through the Kubernetes exec API (no kubectl) and restarts their JVMs under the chart's dev supervisor.
 *
 * <p>One exec per pod and reload: {@code bash -c SCRIPT} reads exactly the tar's length from stdin ({@code head -c},
 * because the exec protocol of the Kubernetes versions in use cannot half-close stdin, so tar would never see an
 * end), replaces the previous copy with it, and — for classes — sends the supervisor (PID 1) SIGHUP, waits for the
 * old JVM to exit (killing it after the grace period) and for the new one to answer its readiness path on
 * localhost. The whole overlay goes every time: it is a few classes, and a mirror cannot go stale (a class or asset
 * deleted since is gone from the pod too). Pods are done side by side; then the loop waits for the kubelet to see
 * them ready, which is when their Service routes to them again.
 */
final class KubePodSync {
    /**
     * Where the script works: the app directory holding the dev mounts, the supervisor's pid and the file it keeps
     * the JVM's pid in. {@link #IN_POD} in a pod; tests run the same script on this machine with their own.
     */
    record Places(String app, String supervisor, String pidFile) {
    }

    static final Places IN_POD = new Places("/app", "1", "/tmp/todoctl-dev.pid");
    private static final Duration EXEC_SLACK = Duration.ofSeconds(30);
    /** The dev mounts' names under the app directory (the chart mounts them at these paths under /app). */
    static final String DEV_CLASSES = OverlayLaunch.CONTAINER_CLASSES.substring("/app/".length());
    static final String DEV_WEB = OverlayLaunch.CONTAINER_WEB.substring("/app/".length());

    private final KubernetesTarget target;
    private final Supplier<LiveReload.Session> session;
    /**
     * Per component, how many copies went to its pods; per pod uid, the count it holds. A pod that holds less (it
     * appeared later) is brought up to date by {@link #startCatchUp}.
     */
    private final Map<String, Long> generation = new ConcurrentHashMap<>();
    private final Map<String, Long> synced = new ConcurrentHashMap<>();
    private final Object catchUpLock = new Object();
    private Thread catchUp;
    /**
     * One client for the session (guarded by this): building a fabric8 client (its HTTP client, TLS context, the
     * kubeconfig read) cost more than the copy of a saved asset itself.
     */
    private KubeAccess kube;
    private KubernetesClient client;

    KubePodSync(KubernetesTarget target, Supplier<LiveReload.Session> session) {
        this.target = target;
        this.session = session;
    }

    /** Copies the files of {@code components} into each of their running pods, restarting the JVMs when asked. */
    synchronized void copy(Set<String> components, boolean restart, Duration grace) {
        components.forEach(c -> generation.merge(c, 1L, Long::sum));
        KubeAccess kube = kube();
        KubernetesClient client = client(kube);
        List<Pod> all = new ArrayList<>();
        for (String component : new TreeSet<>(components)) {
            List<Pod> running = runningPods(client, kube.namespace(), component);
            if (running.isEmpty()) {
                throw new TodoctlException(Phase.DEPLOY, "no running " + component + " pod to copy the change into",
                        List.of("`todoctl status --target kubernetes` shows the pods; save again once one runs"));
            }
            all.addAll(running);
        }
        copyInto(client, kube.namespace(), all, restart, grace);
        if (restart) {
            awaitReady(client, kube.namespace(), all);
        }
        startCatchUp();
    }

    private void copyInto(KubernetesClient client, String ns, List<Pod> pods, boolean restart, Duration grace) {
        // one archive per component (its pods all get the same), then the pods side by side; every pod is tried
        Map<String, byte[]> archives = new java.util.HashMap<>();
        pods.forEach(p -> archives.computeIfAbsent(component(p), c -> archive(restart || !"web".equals(c), "web".equals(c))));
        List<String> failures = Concurrently.map(pods, pod -> {
            long gen = generation.getOrDefault(component(pod), 0L);
            try {
                copyInto(client, ns, pod, archives.get(component(pod)), restart, grace);
                synced.put(pod.getMetadata().getUid(), gen);
                return "";
            } catch (RuntimeException e) {
                return pod.getMetadata().getName() + ": " + e.getMessage();
            }
        }).values().stream().filter(f -> !f.isEmpty()).toList();
        if (!failures.isEmpty()) {
            throw new TodoctlException(Phase.DEPLOY, String.join("; ", failures),
                    List.of("see the pod's log lines above; fix and save again"));
        }
    }

    private void copyInto(KubernetesClient client, String ns, Pod pod, byte[] tar, boolean restart, Duration grace) {
        String component = component(pod);
        Container container = container(pod, component);
        boolean web = "web".equals(component);
        boolean classes = restart || !web;
        int port = Optional.ofNullable(container.getPorts()).orElse(List.of()).stream()
                .filter(p -> "http".equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
                .orElse(web ? 8000 : 8080);
        Duration ready = target.context().config().readyTimeout();
        String script = script(IN_POD, tar.length, classes, web, restart, port, web ? "/health" : "/health/ready", grace, ready);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String name = pod.getMetadata().getName();
        try (ExecWatch watch = client.pods().inNamespace(ns).withName(name).inContainer(container.getName())
                .redirectingInput().writingOutput(out).writingError(err).exec("bash", "-c", script)) {
            OutputStream stdin = watch.getInput();
            stdin.write(tar);
            stdin.flush();
            int code = watch.exitCode().get(ready.plus(grace).plus(EXEC_SLACK).toSeconds(), TimeUnit.SECONDS);
            if (code != 0) {
                String why = (err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8)).strip();
                throw new TodoctlException(Phase.DEPLOY, "copy into pod " + name + " exited " + code
                        + (why.isEmpty() ? "" : ": " + why));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sending the files to pod " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TodoctlException(Phase.DEPLOY, "interrupted while copying into pod " + name);
        } catch (ExecutionException | TimeoutException e) {
            throw new TodoctlException(Phase.DEPLOY, "copy into pod " + name + " did not finish: " + e);
        }
    }

    /**
     * The exec's script: unpack exactly {@code bytes} of tar from stdin over the cleared copy, then (restart) have
     * the supervisor start the JVM again and wait for it to answer {@code readyPath} — bash's /dev/tcp, as the
     * image's HEALTHCHECK does, so the image needs no curl.
     */
    static String script(Places at, int bytes, boolean classes, boolean web, boolean restart, int port, String readyPath,
                         Duration grace, Duration ready) {
        String classesDir = at.app() + "/" + DEV_CLASSES;
        String webDir = at.app() + "/" + DEV_WEB;
        StringBuilder sb = new StringBuilder("set -e\n");
        if (classes) {
            sb.append("rm -rf ").append(classesDir).append("/*\n");
        }
        if (web) {
            sb.append("rm -rf ").append(webDir).append("/*\n");
        }
        sb.append("head -c ").append(bytes).append(" | tar -xmf - -C ").append(at.app()).append('\n');
        if (restart) {
            sb.append("old=$(cat ").append(at.pidFile()).append(" 2>/dev/null || true)\n")
                    .append("kill -HUP ").append(at.supervisor()).append('\n')
                    // counted in 50 ms steps: bash's SECONDS ticks whole seconds, which would cut the grace short
                    .append("n=0\n")
                    .append("while [ -n \"$old\" ] && kill -0 \"$old\" 2>/dev/null; do\n")
                    .append("  if [ $n -ge ").append(Math.max(1, grace.toMillis() / 50))
                    .append(" ]; then kill -KILL \"$old\" 2>/dev/null || true; fi\n")
                    .append("  n=$((n + 1)); sleep 0.05\n")
                    .append("done\n")
                    .append("end=$((SECONDS + ").append(Math.max(1, ready.toSeconds())).append("))\n")
                    .append("until (exec 3<>/dev/tcp/127.0.0.1/").append(port)
                    .append(" && printf 'GET ").append(readyPath)
                    .append(" HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3")
                    .append(" && read -r _ code _ <&3 && [ \"$code\" = 200 ]) 2>/dev/null; do\n")
                    .append("  if [ $SECONDS -ge $end ]; then echo \"not ready within ").append(ready.toSeconds())
                    .append(" s after the restart\" >&2; exit 3; fi\n")
                    .append("  sleep 0.1\n")
                    .append("done\n");
        }
        return sb.toString();
    }

    /** The session's overlay under {@code dev-classes/} and web's assets under {@code dev-web/}, files only. */
    private byte[] archive(boolean classes, boolean web) {
        return archive(session.get(), classes, web);
    }

    static byte[] archive(LiveReload.Session s, boolean classes, boolean web) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            if (classes) {
                add(tar, s.overlay(), DEV_CLASSES);
            }
            if (web) {
                add(tar, s.webAssets(), DEV_WEB);
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Files only: tar creates the directories under the mount itself, and must not touch the mount point's mode. */
    private static void add(TarArchiveOutputStream tar, Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                TarArchiveEntry entry = new TarArchiveEntry(prefix + "/" + dir.relativize(file).toString().replace('\\', '/'));
                entry.setSize(Files.size(file));
                entry.setMode(0100644);
                tar.putArchiveEntry(entry);
                Files.copy(file, tar);
                tar.closeArchiveEntry();
            }
        }
    }

    /** Waits until the kubelet reports each pod ready again: then its Service routes to the restarted JVM. */
    private void awaitReady(KubernetesClient client, String ns, List<Pod> pods) {
        long deadline = System.nanoTime() + target.context().config().readyTimeout().toNanos();
        List<String> pending = new ArrayList<>(pods.stream().map(p -> p.getMetadata().getName()).toList());
        while (!pending.isEmpty()) {
            pending.removeIf(name -> {
                Pod p = client.pods().inNamespace(ns).withName(name).get();
                return p == null || ready(p);
            });
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TodoctlException(Phase.DEPLOY, "pod(s) " + String.join(", ", pending) + " answered on "
                        + "localhost but the kubelet did not report them ready within "
                        + target.context().config().readyTimeout().toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean ready(Pod pod) {
        return Optional.ofNullable(pod.getStatus()).map(st -> st.getConditions()).orElse(List.of()).stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * Every two seconds, after the first copy: a pod of the release that runs but does not hold the latest copy
     * (it was created since — a crash, a node drain, a scale-up) gets it, and its JVM is restarted when there are
     * classes to load. Without this, a replaced pod would quietly serve the image's code again.
     */
    private void startCatchUp() {
        synchronized (catchUpLock) {
            if (catchUp == null) {
                catchUp = startCatchUpThread();
            }
        }
    }

    private Thread startCatchUpThread() {
        return Thread.ofVirtual().name("dev-sync-catch-up").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(2000);
                    catchUpOnce();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the API server hiccuped or a pod went away mid-copy: the next round tries again
                }
            }
        });
    }

    private synchronized void catchUpOnce() {
        KubeAccess kube = kube();
        KubernetesClient client = client(kube);
        List<Pod> behind = new ArrayList<>();
        for (String component : List.of("api", "web")) {
            runningPods(client, kube.namespace(), component).stream()
                    .filter(p -> synced.getOrDefault(p.getMetadata().getUid(), 0L) < generation.getOrDefault(component, 0L))
                    .forEach(behind::add);
        }
        if (behind.isEmpty()) {
            return;
        }
        boolean classes = hasFiles(session.get().overlay());
        copyInto(client, kube.namespace(), behind, classes, Duration.ofSeconds(5));
        var console = target.context().console();
        synchronized (console) {
            console.info(console.dim("↻ brought " + String.join(", ", behind.stream().map(p -> p.getMetadata().getName())
                    .toList()) + " up to date with this session's changes" + (classes ? " (JVM restarted)" : "")));
        }
    }

    /** The cluster, checked reachable on the first copy of the session (guarded by this). */
    private KubeAccess kube() {
        if (kube == null) {
            kube = target.requireReachable();
        }
        return kube;
    }

    private KubernetesClient client(KubeAccess access) {
        if (client == null) {
            client = access.client();
        }
        return client;
    }

    /**
     * The loop ends: interrupts the catch-up (a copy it has begun ends with its exec) without waiting for the copy
     * lock, and closes the session's client once no copy holds it.
     */
    void end() {
        synchronized (catchUpLock) {
            if (catchUp != null) {
                catchUp.interrupt();
                catchUp = null;
            }
        }
        Thread.ofVirtual().name("dev-sync-close").start(() -> {
            synchronized (this) {
                if (client != null) {
                    client.close();
                    client = null;
                }
            }
        });
    }

    private static boolean hasFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(Files::isRegularFile);
        } catch (IOException e) {
            return true;
        }
    }

    /** The component's pods whose app container runs and that are not being deleted. */
    private List<Pod> runningPods(KubernetesClient client, String ns, String component) {
        return client.pods().inNamespace(ns).withLabel(KubeRolloutWatcher.INSTANCE_LABEL, target.context().config().release())
                .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, component).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                .filter(p -> Optional.ofNullable(p.getStatus().getContainerStatuses()).orElse(List.of()).stream()
                        .anyMatch(c -> component.equals(c.getName()) && c.getState() != null && c.getState().getRunning() != null))
                .toList();
    }

    private static String component(Pod pod) {
        return Optional.ofNullable(pod.getMetadata().getLabels()).map(l -> l.get(KubeRolloutWatcher.COMPONENT_LABEL))
                .orElse("api");
    }

    private static Container container(Pod pod, String component) {
        List<Container> containers = pod.getSpec().getContainers();
        return containers.stream().filter(c -> component.equals(c.getName())).findFirst().orElse(containers.getFirst());
    }
}
