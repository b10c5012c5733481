package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local port that reaches a Service the whole time it is open, also while its pods are replaced: every new
 * connection is forwarded to a pod that is ready <em>at that moment</em> (the pod of the previous connection while
 * it stays ready, else the next ready one, waiting up to {@code podWait} for one to appear).
 *
 * <p>Why not {@link ServiceForward} (one pod, as {@code kubectl port-forward svc/NAME}): validation's restart
 * scenario and a load test across a rollout replace the pods, and a forward pinned to one pod then refuses every
 * connection. The per-connection stream is fabric8's own ({@code portForward(port, in, out)} over the kubelet's
 * WebSocket protocol), as its {@code LocalPortForward} does — only the pod is chosen per connection.
 */
public final class ServiceTunnel implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final Service service;
    private final Duration podWait;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private volatile Target current;
    private volatile boolean open = true;

    private record Target(String pod, int port) {
    }

    private ServiceTunnel(KubernetesClient client, String namespace, Service service, Duration podWait,
                          ServerSocketChannel server) {
        this.client = client;
        this.namespace = namespace;
        this.service = service;
        this.podWait = podWait;
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("tunnel-" + service.getMetadata().getName()).unstarted(this::acceptLoop);
    }

    /**
     * Opens {@code 127.0.0.1:localPort} (0 = any free port) for {@code service}; fails at once (exit 30) when no pod
     * behind it is ready now, so a caller never gets a URL that leads nowhere.
     */
    public static ServiceTunnel open(KubernetesClient client, String namespace, Service service, int localPort,
                                     Duration podWait) {
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty() || service.getSpec().getPorts() == null
                || service.getSpec().getPorts().isEmpty()) {
            throw new TodoctlException(Phase.DEPLOY, "Service " + service.getMetadata().getName()
                    + " has no selector or no port to forward to",
                    List.of("`kubectl -n " + namespace + " get service " + service.getMetadata().getName() + " -o yaml`"));
        }
        ServerSocketChannel server;
        try {
            server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
        } catch (IOException e) {
            throw TodoctlException.usage("local port " + localPort + " is not free: " + e.getMessage(),
                    "choose another, or 0 for any free port");
        }
        ServiceTunnel tunnel = new ServiceTunnel(client, namespace, service, podWait, server);
        try {
            tunnel.current = tunnel.readyTarget(Instant.now()).orElseThrow(() -> new TodoctlException(Phase.DEPLOY,
                    "no ready pod behind Service " + service.getMetadata().getName() + " to forward to",
                    List.of("`todoctl status` shows why; `todoctl logs` shows what the pods say")));
        } catch (RuntimeException e) {
            tunnel.closeServer();
            throw e;
        }
        tunnel.acceptor.start();
        return tunnel;
    }

    public int localPort() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("the tunnel's socket is closed", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + localPort();
    }

    public String serviceName() {
        return service.getMetadata().getName();
    }

    private void acceptLoop() {
        while (open) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread.ofVirtual().name("tunnel-conn").start(() -> forward(socket));
        }
    }

    private void forward(SocketChannel socket) {
        Optional<Target> target = pick();
        if (target.isEmpty()) {
            closeQuietly(socket);
            return;
        }
        Target t = target.get();
        try {
            // fabric8's listener closes both channels when either side ends; the client sees a failure as a closed
            // connection and retries, which goes to a freshly chosen pod
            client.pods().inNamespace(namespace).withName(t.pod()).portForward(t.port(), socket, socket);
        } catch (RuntimeException e) {
            current = null;
            closeQuietly(socket);
        }
    }

    /** The pod of the last connection while it is still ready, else a fresh choice (waiting for one). */
    private Optional<Target> pick() {
        Target last = current;
        if (last != null) {
            Pod pod = client.pods().inNamespace(namespace).withName(last.pod()).get();
            if (pod != null && ServiceForward.ready(pod)) {
                return Optional.of(last);
            }
        }
        Optional<Target> next = readyTarget(Instant.now().plus(podWait));
        next.ifPresent(t -> current = t);
        return next;
    }

    private Optional<Target> readyTarget(Instant deadline) {
        while (true) {
            List<Pod> pods = client.pods().inNamespace(namespace).withLabels(service.getSpec().getSelector()).list().getItems();
            Optional<Pod> ready = pods.stream().filter(ServiceForward::ready)
                    .min(Comparator.comparing(p -> p.getMetadata().getName()));
            if (ready.isPresent()) {
                Pod pod = ready.get();
                int port = ServiceForward.containerPort(pod, service.getSpec().getPorts().getFirst())
                        .orElseThrow(() -> new TodoctlException(Phase.DEPLOY, "Service " + serviceName()
                                + " targets a port no container of pod " + pod.getMetadata().getName() + " declares",
                                List.of("name the container port in the Deployment as the Service's targetPort")));
                return Optional.of(new Target(pod.getMetadata().getName(), port));
            }
            if (!open || !Instant.now().isBefore(deadline)) {
                return Optional.empty();
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    @Override
    public void close() {
        open = false;
        closeServer();
        acceptor.interrupt();
    }

    private void closeServer() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing listens any more either way
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // the client sees the connection end either way
        }
    }
}
