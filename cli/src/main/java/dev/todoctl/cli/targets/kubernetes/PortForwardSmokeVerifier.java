package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.rollout.RolloutResult;
import dev.todoctl.cli.verify.SmokeVerifier;
import dev.todoctl.cli.verify.Verifier;
import dev.todoctl.cli.verify.VerifyResult;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;

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
        List<ServiceForward> forwards = new ArrayList<>();
        try (KubernetesClient client = kube.client()) {
            Map<String, String> local = new LinkedHashMap<>();
            for (Service service : client.services().inNamespace(kube.namespace())
                    .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, target.context().config().release()).list().getItems()) {
                String component = service.getMetadata().getLabels().getOrDefault(KubeRolloutWatcher.COMPONENT_LABEL, "");
                if (component.equals("api") || component.equals("web")) {
                    ServiceForward forward = ServiceForward.open(client, kube.namespace(), service, 0, null);
                    forwards.add(forward);
                    local.put(component, forward.url());
                }
            }
            if (!local.containsKey("api") || !local.containsKey("web")) {
                throw new TodoctlException(Phase.DEPLOY, "smoke check: the release has no api and web Services",
                        List.of("`kubectl -n " + kube.namespace() + " get services`"));
            }
            VerifyResult result;
            try {
                result = new SmokeVerifier(() -> local).verify(rollout);
            } catch (TodoctlException e) {
                throw withForwardErrors(e, forwards);
            }
            Map<String, String> urls = new LinkedHashMap<>(target.urls(client));
            List<String> evidence = new ArrayList<>(result.evidence());
            forwards.forEach(f -> evidence.add("through a port-forward to pod " + f.pod() + " port " + f.podPort()));
            return new VerifyResult(urls, result.checks(), result.duration(), evidence);
        } finally {
            forwards.forEach(ServiceForward::close);
        }
    }

    /**
     * A check that got no answer through a forward says only "no answer"; the cluster's side (the kubelet could
     * not connect inside the pod, say) is what tells the user where to look.
     */
    private static TodoctlException withForwardErrors(TodoctlException e, List<ServiceForward> forwards) {
        List<String> through = forwards.stream().map(f -> "pod " + f.pod() + " port " + f.podPort() + " as " + f.url()).toList();
        List<String> errors = forwards.stream().flatMap(f -> f.errors().stream().distinct()
                .map(error -> "port-forward to pod " + f.pod() + " port " + f.podPort() + ": " + error)).toList();
        return new TodoctlException(e.phase(), e.getMessage() + " (checked through port-forwards to "
                + String.join(", ", through) + ")" + (errors.isEmpty() ? "" : "; " + String.join("; ", errors)),
                e.suggestions(), e);
    }
}
