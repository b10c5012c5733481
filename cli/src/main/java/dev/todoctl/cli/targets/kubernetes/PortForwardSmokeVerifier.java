package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.Phase;
import dev.todoctl.cli.TodoctlException;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.rollout.kubernetes.KubeRolloutWatcher;
import dev.todoctl.cli.verify.SmokeVerifier;
import dev.todoctl.cli.verify.Verifier;
import dev.todoctl.cli.verify.VerifyResult;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared smoke checks, reached through port-forwards to the api and web Services (so they work on any
 * cluster, whatever its networking); the URLs reported afterwards are the NodePort ones when there are any.
 */
public final class PortForwardSmokeVerifier implements Verifier {
    private final KubernetesTarget target;

    public PortForwardSmokeVerifier(KubernetesTarget target) {
        this.target = target;
    }

    @Override
    public VerifyResult verify(RolloutResult rollout) {
        KubeAccess kube = target.kube();
        List<LocalPortForward> forwards = new ArrayList<>();
        try (KubernetesClient client = kube.client()) {
            Map<String, String> local = new LinkedHashMap<>();
            for (Service service : client.services().inNamespace(kube.namespace())
                    .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, target.context().config().release()).list().getItems()) {
                String component = service.getMetadata().getLabels().getOrDefault(KubeRolloutWatcher.COMPONENT_LABEL, "");
                if (component.equals("api") || component.equals("web")) {
                    LocalPortForward forward = client.services().inNamespace(kube.namespace())
                            .withName(service.getMetadata().getName())
                            .portForward(service.getSpec().getPorts().getFirst().getPort(), 0);
                    forwards.add(forward);
                    local.put(component, "http://127.0.0.1:" + forward.getLocalPort());
                }
            }
            if (!local.containsKey("api") || !local.containsKey("web")) {
                throw new TodoctlException(Phase.DEPLOY, "smoke check: the release has no api and web Services",
                        List.of("`kubectl -n " + kube.namespace() + " get services`"));
            }
            VerifyResult result = new SmokeVerifier(() -> local).verify(rollout);
            Map<String, String> urls = new LinkedHashMap<>(target.urls(client));
            return new VerifyResult(urls, result.checks(), result.duration(), result.evidence());
        } finally {
            for (LocalPortForward forward : forwards) {
                try {
                    forward.close();
                } catch (java.io.IOException e) {
                    // the forward is gone either way
                }
            }
        }
    }
}
