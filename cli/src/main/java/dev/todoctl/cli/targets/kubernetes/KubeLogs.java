package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.TodoctlException;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The release's api and web pod logs through the API server.
 *
 * <p>Once: every selected pod's log, one pod after the other; a pod whose log the API server no longer has (it is
 * shutting down and its container is gone, or it was deleted meanwhile) is named on stderr and skipped, as is one
 * whose container has not started yet.
 *
 * <p>Followed: every selected pod whose container is running, side by side, and — like stern rather than
 * {@code kubectl logs -f} — the pods that come later: a rollout's new pods, a restarted container. A stream the API
 * server cuts while its container still runs is resumed from its last line's time stamp, so no line comes twice.
 * Runs until interrupted.
 *
 * <p>A line carries its pod's name ({@code pod | line}) when no component was named, or when more than one pod is
 * followed at that moment (a rollout).
 */
final class KubeLogs {
    private static final List<String> COMPONENTS = List.of("api", "web");
    private static final Duration POLL = Duration.ofSeconds(1);

    private final KubernetesTarget target;

    KubeLogs(KubernetesTarget target) {
        this.target = target;
    }

    void logs(String component, boolean follow, PrintWriter out) {
        KubeAccess kube = target.requireReachable();
        try (KubernetesClient client = kube.client()) {
            List<Pod> pods = pods(client, kube.namespace(), component);
            if (pods.isEmpty()) {
                throw TodoctlException.usage("release " + target.context().config().release() + " has no "
                        + (component == null ? "api or web" : component) + " pod in namespace " + kube.namespace(),
                        "deploy first: `todoctl up --target kubernetes`");
            }
            if (follow) {
                new Follower(client, kube.namespace(), component, out).run();
            } else {
                once(client, kube.namespace(), component, pods, out);
            }
        }
    }

    private void once(KubernetesClient client, String ns, String component, List<Pod> pods, PrintWriter out) {
        boolean prefixed = component == null || pods.size() > 1;
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            try {
                String log = PodLog.read(client, ns, name, container(pod), PodLog.Query.ALL);
                log.lines().forEach(line -> out.println((prefixed ? name + " | " : "") + line));
            } catch (PodLog.Unavailable e) {
                target.context().console().warn("no log from pod " + name + ": " + e.getMessage());
            }
        }
        out.flush();
    }

    /** The release's pods of {@code component} (api and web when null), by component, then oldest first. */
    private List<Pod> pods(KubernetesClient client, String ns, String component) {
        String release = target.context().config().release();
        List<String> wanted = component == null ? COMPONENTS : List.of(component);
        // filtered here rather than by a set-based selector, which fabric8's mock API server does not honour
        return client.pods().inNamespace(ns).withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release).list().getItems()
                .stream().filter(p -> wanted.contains(p.getMetadata().getLabels().get(KubeRolloutWatcher.COMPONENT_LABEL)))
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getLabels().get(KubeRolloutWatcher.COMPONENT_LABEL))
                        .thenComparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(p -> p.getMetadata().getName()))
                .toList();
    }

    private static String container(Pod pod) {
        return pod.getSpec().getContainers().getFirst().getName();
    }

    /** Follows what runs now and what starts later, until interrupted. */
    private final class Follower {
        private final KubernetesClient client;
        private final String ns;
        private final String component;
        private final PrintWriter out;
        /** By container instance (pod name and UID, restart count): the stream now open. */
        private final Map<String, PodLog.Followed> open = new ConcurrentHashMap<>();
        /** By container instance: the time stamp of the last line printed, to resume a cut stream from. */
        private final Map<String, Instant> last = new ConcurrentHashMap<>();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        Follower(KubernetesClient client, String ns, String component, PrintWriter out) {
            this.client = client;
            this.ns = ns;
            this.component = component;
            this.out = out;
        }

        void run() {
            try {
                while (true) {
                    for (Pod pod : pods(client, ns, component)) {
                        attach(pod);
                    }
                    RuntimeException failed = failure.get();
                    if (failed != null) {
                        throw failed;
                    }
                    Thread.sleep(POLL);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.values().forEach(PodLog.Followed::close);
                synchronized (out) {
                    out.flush();
                }
            }
        }

        /** Opens a stream for the pod's running container unless one is open for that instance already. */
        private void attach(Pod pod) {
            String name = pod.getMetadata().getName();
            String container = container(pod);
            Optional<ContainerStatus> status = Optional.ofNullable(pod.getStatus()).stream()
                    .flatMap(s -> s.getContainerStatuses().stream()).filter(cs -> container.equals(cs.getName()))
                    .findFirst();
            if (status.isEmpty() || status.get().getState() == null || status.get().getState().getRunning() == null) {
                return;
            }
            String key = name + "/" + pod.getMetadata().getUid() + "#" + status.get().getRestartCount();
            if (open.containsKey(key)) {
                return;
            }
            PodLog.Followed followed = PodLog.follow(client, ns, name, container, last.get(key), line -> {
                if (line.time() != null) {
                    last.put(key, line.time());
                }
                synchronized (out) {
                    out.println((component == null || open.size() > 1 ? name + " | " : "") + line.text());
                    out.flush();
                }
            });
            open.put(key, followed);
            followed.ended.whenComplete((done, error) -> {
                open.remove(key, followed);
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (cause != null && !(cause instanceof PodLog.Unavailable)) {
                    // 401, 403, the API server gone: no point polling on; the command fails with it
                    failure.compareAndSet(null, cause instanceof RuntimeException r ? r : new RuntimeException(cause));
                }
                // ended, or the log not (yet, any more) there: the next poll decides, by the container's state
            });
        }
    }
}
