package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.targets.EventLog;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Kubernetes events about the release's pods and workloads (and their ReplicaSets, named after the Deployment),
 * oldest first. Events expire after about an hour on the API server.
 */
final class KubeEvents implements EventLog {
    private final KubernetesTarget target;

    KubeEvents(KubernetesTarget target) {
        this.target = target;
    }

    @Override
    public String source() {
        return "Kubernetes events in namespace " + target.kube().namespace();
    }

    @Override
    public List<Event> recent(Optional<String> component, int max) {
        KubeAccess kube = target.requireReachable();
        String release = target.context().config().release();
        try (KubernetesClient client = kube.client()) {
            String ns = kube.namespace();
            Map<String, String> labels = new LinkedHashMap<>(Map.of(KubeRolloutWatcher.INSTANCE_LABEL, release));
            component.ifPresent(c -> labels.put(KubeRolloutWatcher.COMPONENT_LABEL, c));
            Set<String> names = new TreeSet<>();
            List<String> workloads = new ArrayList<>();
            client.pods().inNamespace(ns).withLabels(labels).list().getItems().forEach(p -> names.add(p.getMetadata().getName()));
            List<HasMetadata> owners = new ArrayList<>(client.apps().deployments().inNamespace(ns).withLabels(labels).list().getItems());
            owners.addAll(client.apps().statefulSets().inNamespace(ns).withLabels(labels).list().getItems());
            owners.forEach(o -> workloads.add(o.getMetadata().getName()));
            names.addAll(workloads);
            List<io.fabric8.kubernetes.api.model.Event> events = client.v1().events().inNamespace(ns).list().getItems().stream()
                    .filter(e -> e.getInvolvedObject() != null && e.getInvolvedObject().getName() != null)
                    .filter(e -> names.contains(e.getInvolvedObject().getName())
                            || workloads.stream().anyMatch(w -> e.getInvolvedObject().getName().startsWith(w + "-")))
                    .sorted(Comparator.comparing(KubeEvents::when))
                    .toList();
            return events.subList(Math.max(0, events.size() - max), events.size()).stream().map(e -> new Event(
                    Optional.ofNullable(e.getType()).orElse("Normal"), Optional.ofNullable(e.getReason()).orElse(""),
                    (e.getInvolvedObject().getKind() == null ? "" : e.getInvolvedObject().getKind().toLowerCase(Locale.ROOT) + "/")
                            + e.getInvolvedObject().getName(),
                    Optional.ofNullable(e.getMessage()).orElse("").strip(),
                    e.getCount() == null ? 1 : e.getCount())).toList();
        }
    }

    private static String when(io.fabric8.kubernetes.api.model.Event e) {
        return Optional.ofNullable(e.getLastTimestamp()).or(() -> Optional.ofNullable(e.getFirstTimestamp()))
                .or(() -> Optional.ofNullable(e.getEventTime()).map(t -> t.getTime()))
                .or(() -> Optional.ofNullable(e.getMetadata().getCreationTimestamp())).orElse("");
    }
}
