package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.targets.Endpoints;
import dev.todoctl.cli.targets.PortForwards;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How this machine reaches the release's Services: tunnels that pick a ready pod per connection (validate,
 * contract, loadtest), a port-forward to one ready pod ({@code todoctl port-forward}), and web's NodePort URL.
 */
final class KubeEndpoints implements PortForwards {
    /** How long a tunnel's new connection waits for a ready pod (a replaced api pod is ready again in ~10-40 s). */
    static final Duration TUNNEL_POD_WAIT = Duration.ofSeconds(90);

    private final KubernetesTarget target;

    KubeEndpoints(KubernetesTarget target) {
        this.target = target;
    }

    @Override
    public Forward open(String component, int localPort) {
        ServiceForward forward = portForward(component, localPort);
        return new Forward() {
            @Override
            public String url() {
                return forward.url();
            }

            @Override
            public String backend() {
                return forward.pod();
            }

            @Override
            public int backendPort() {
                return forward.podPort();
            }

            @Override
            public List<String> errors() {
                return forward.errors();
            }

            @Override
            public void close() {
                forward.close();
            }
        };
    }

    /**
     * A port-forward from 127.0.0.1 to a ready pod of the release's Service of {@code component}; closing it ends the
     * forward and releases the client.
     */
    public ServiceForward portForward(String component, int localPort) {
        KubeAccess kube = target.requireReachable();
        KubernetesClient client = kube.client();
        try {
            Service service = client.services().inNamespace(kube.namespace())
                    .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, target.context().config().release())
                    .withLabel(KubeRolloutWatcher.COMPONENT_LABEL, component).list().getItems().stream().findFirst()
                    .orElseThrow(() -> new TodoctlException(Phase.DEPLOY, "release " + target.context().config().release() + " has no "
                            + component + " Service in namespace " + kube.namespace(), List.of("deploy it: `todoctl up`")));
            return ServiceForward.open(client, kube.namespace(), service, localPort, client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Tunnels to the api and web Services that pick a ready pod per connection, so callers (validate, contract,
     * loadtest) need no port-forward of their own and keep working while pods are replaced. Empty URLs when the
     * release is not deployed.
     */
    Endpoints openEndpoints() {
        KubeAccess kube = target.requireReachable();
        if (target.helm().current().isEmpty()) {
            return Endpoints.none();
        }
        KubernetesClient client = kube.client();
        List<ServiceTunnel> tunnels = new ArrayList<>();
        AutoCloseable release = () -> {
            tunnels.forEach(ServiceTunnel::close);
            client.close();
        };
        try {
            Map<String, String> urls = new LinkedHashMap<>();
            for (Service service : client.services().inNamespace(kube.namespace())
                    .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, target.context().config().release()).list().getItems()) {
                String component = Optional.ofNullable(service.getMetadata().getLabels())
                        .map(l -> l.get(KubeRolloutWatcher.COMPONENT_LABEL)).orElse("");
                if (component.equals("api") || component.equals("web")) {
                    ServiceTunnel tunnel = ServiceTunnel.open(client, kube.namespace(), service, 0, TUNNEL_POD_WAIT);
                    tunnels.add(tunnel);
                    urls.put(component, tunnel.url());
                }
            }
            List<String> evidence = tunnels.stream().map(t -> "tunnel " + t.url() + " -> Service " + t.serviceName()
                    + " (a ready pod per connection)").toList();
            return new Endpoints(urls, evidence, release);
        } catch (RuntimeException e) {
            tunnels.forEach(ServiceTunnel::close);
            client.close();
            throw e;
        }
    }


    /**
     * Where web is reachable from this machine: its NodePort on 127.0.0.1 when the node runs on this machine (a
     * kubelet here may publish NodePorts on loopback only, as the project's test cluster does), on minikube's IP
     * when the context is minikube, on localhost on Docker Desktop, else on the node's InternalIP — or nothing
     * (use {@code todoctl port-forward}).
     */
    public Map<String, String> urls(KubernetesClient client) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (Service service : client.services().inNamespace(target.kube().namespace())
                .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, target.context().config().release()).list().getItems()) {
            String component = Optional.ofNullable(service.getMetadata().getLabels())
                    .map(l -> l.get(KubeRolloutWatcher.COMPONENT_LABEL)).orElse("");
            if (!"web".equals(component) || !"NodePort".equals(service.getSpec().getType())) {
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                if (port.getNodePort() != null) {
                    nodeHost(client).ifPresent(host -> urls.put("web", "http://" + host + ":" + port.getNodePort()));
                }
            }
        }
        return urls;
    }

    private Optional<String> nodeHost(KubernetesClient client) {
        String context = target.kube().context();
        if (context.equals("docker-desktop")) {
            return Optional.of("localhost");
        }
        Optional<Path> minikube = ClusterImageLoader.which(target.context().env(), "minikube");
        Optional<String> profile = target.minikubeProfile();
        if (profile.isPresent() && minikube.isPresent()) {
            var outcome = new dev.todoctl.cli.platform.CommandRunner().run(List.of(minikube.get().toString(), "-p",
                    profile.get(), "ip"), target.context().env().cwd(), Map.of("PATH", target.context().env().get("PATH").orElse("")), line -> { });
            if (outcome.ok() && !outcome.tail().isEmpty()) {
                return Optional.of(outcome.tail().getLast().trim());
            }
        }
        List<Node> nodes = client.nodes().list().getItems();
        if (nodes.stream().anyMatch(n -> n.getStatus() != null && ContainerdImporter.onThisMachine(n))) {
            return Optional.of("127.0.0.1");
        }
        for (Node node : nodes) {
            if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
                for (NodeAddress address : node.getStatus().getAddresses()) {
                    if ("InternalIP".equals(address.getType())) {
                        return Optional.of(address.getAddress());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
