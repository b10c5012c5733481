package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A port-forward to a Service the way {@code kubectl port-forward svc/NAME} does it: one ready pod behind the
 * Service's selector, the Service port's {@code targetPort} resolved against that pod's container ports (the chart
 * names it {@code http}), and the local end bound to the loopback address only.
 *
 * <p>Why not fabric8's {@code services().portForward()}: it takes the first pod the selector lists, ready or not
 * (a crash-looping or terminating one during a rollout), falls back to the Service port when {@code targetPort}
 * is a name (wrong as soon as {@code service.port} differs from the container port), and binds the local port on
 * every interface, which would publish the app to the network.
 */
public final class ServiceForward implements AutoCloseable {
    private final LocalPortForward forward;
    private final String pod;
    private final int podPort;
    private final AutoCloseable owned;

    private ServiceForward(LocalPortForward forward, String pod, int podPort, AutoCloseable owned) {
        this.forward = forward;
        this.pod = pod;
        this.podPort = podPort;
        this.owned = owned;
    }

    /**
     * Forwards {@code 127.0.0.1:localPort} (0 = any free port) to the Service's first port on a ready pod.
     * {@code owned} is closed with the forward (the client, when the forward outlives its caller).
     */
    public static ServiceForward open(KubernetesClient client, String namespace, Service service, int localPort,
                                      AutoCloseable owned) {
        String name = service.getMetadata().getName();
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty() || service.getSpec().getPorts() == null
                || service.getSpec().getPorts().isEmpty()) {
            throw new TodoctlException(Phase.DEPLOY, "Service " + name + " has no selector or no port to forward to",
                    List.of("`kubectl -n " + namespace + " get service " + name + " -o yaml`"));
        }
        List<Pod> pods = client.pods().inNamespace(namespace).withLabels(selector).list().getItems();
        Pod pod = pods.stream().filter(ServiceForward::ready)
                .min(Comparator.comparing(p -> p.getMetadata().getName()))
                .orElseThrow(() -> new TodoctlException(Phase.DEPLOY, "no ready pod behind Service " + name
                        + " to port-forward to" + (pods.isEmpty() ? " (no pods match its selector)"
                        : " (" + String.join(", ", pods.stream().map(ServiceForward::describe).toList()) + ")"),
                        List.of("`todoctl status` shows why; `todoctl logs` shows what the pods say")));
        ServicePort servicePort = service.getSpec().getPorts().getFirst();
        int podPort = containerPort(pod, servicePort).orElseThrow(() -> new TodoctlException(Phase.DEPLOY,
                "Service " + name + " targets port '" + servicePort.getTargetPort().getStrVal() + "', which no container of pod "
                        + pod.getMetadata().getName() + " declares",
                List.of("name the container port '" + servicePort.getTargetPort().getStrVal() + "' in the Deployment")));
        try {
            LocalPortForward forward = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                    .portForward(podPort, InetAddress.getLoopbackAddress(), localPort);
            return new ServiceForward(forward, pod.getMetadata().getName(), podPort, owned);
        } catch (RuntimeException e) {
            if (rootCause(e) instanceof BindException) {
                throw TodoctlException.usage("local port " + localPort + " is not free: " + rootCause(e).getMessage(),
                        "choose another with --port, or --port 0 for any free port");
            }
            throw e;
        }
    }

    static boolean ready(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase()) && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String describe(Pod pod) {
        String phase = pod.getStatus() == null ? "unknown" : pod.getStatus().getPhase();
        return pod.getMetadata().getName() + " " + phase + (pod.getMetadata().getDeletionTimestamp() != null
                ? ", terminating" : ", not ready");
    }

    /** The pod port a Service port sends to: a number as is, a name looked up among the containers' ports. */
    static Optional<Integer> containerPort(Pod pod, ServicePort port) {
        IntOrString target = port.getTargetPort();
        if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
            return Optional.of(port.getPort());
        }
        if (target.getIntVal() != null) {
            return Optional.of(target.getIntVal());
        }
        List<ContainerPort> declared = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            if (container.getPorts() != null) {
                declared.addAll(container.getPorts());
            }
        }
        return declared.stream().filter(p -> target.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst();
    }

    public int localPort() {
        return forward.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + localPort();
    }

    public String pod() {
        return pod;
    }

    public int podPort() {
        return podPort;
    }

    /**
     * What went wrong on the connections made through the forward so far, the cluster's side first (the kubelet's
     * "connection refused inside the pod" arrives as a message on the error channel).
     */
    public List<String> errors() {
        List<String> errors = new ArrayList<>();
        forward.getServerThrowables().forEach(t -> errors.add(String.valueOf(t.getMessage())));
        forward.getClientThrowables().forEach(t -> errors.add("local side: " + t.getMessage()));
        return errors;
    }

    @Override
    public void close() {
        try {
            forward.close();
        } catch (IOException e) {
            // the listening socket is gone either way
        } finally {
            if (owned != null) {
                try {
                    owned.close();
                } catch (Exception e) {
                    // nothing left to release
                }
            }
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }
}
