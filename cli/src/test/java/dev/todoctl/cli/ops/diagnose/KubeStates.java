package dev.todoctl.cli.ops.diagnose;

import dev.todoctl.cli.snapshot.KubeSnapshot;
import dev.todoctl.cli.snapshot.Readiness;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Recorded cluster states (YAML under {@code diagnose/kube/}) turned into snapshots: {@link #healthy()} is a
 * whole healthy release; {@link #with} lays a bad fixture over it — its pods replace the pods of the same
 * component, its other objects replace those of the same name, its events are added.
 */
final class KubeStates {
    static final Instant NOW = Instant.parse("2026-11-22T00:10:00Z");
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubeStates() {
    }

    static List<HasMetadata> load(String fixture) {
        try (InputStream in = KubeStates.class.getResourceAsStream("/diagnose/kube/" + fixture)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + fixture);
            }
            return SERIALIZATION.unmarshal(in, KubernetesList.class).getItems();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<KubeSnapshot.HelmRevision> goodHistory() {
        return List.of(new KubeSnapshot.HelmRevision("sh.helm.release.v1.todo-chatbot.v1", 1, "superseded",
                        "Install complete", Optional.of(NOW.minusSeconds(3600))),
                new KubeSnapshot.HelmRevision("sh.helm.release.v1.todo-chatbot.v2", 2, "deployed", "Upgrade complete",
                        Optional.of(NOW.minusSeconds(600))));
    }

    static KubeSnapshot healthy() {
        return build(load("healthy.yaml"), "minikube", goodHistory(), Map.of(), Optional.empty());
    }

    static KubeSnapshot with(String fixture) {
        return with(fixture, Map.of());
    }

    static KubeSnapshot with(String fixture, Map<String, List<String>> logs) {
        List<HasMetadata> base = new ArrayList<>(load("healthy.yaml"));
        for (HasMetadata item : load(fixture)) {
            if (!(item instanceof Event)) {
                base.removeIf(existing -> existing.getKind().equals(item.getKind()) && sameSlot(existing, item));
            }
            base.add(item);
        }
        return build(base, "minikube", goodHistory(), logs, Optional.empty());
    }

    private static boolean sameSlot(HasMetadata a, HasMetadata b) {
        if (a instanceof Pod pa && b instanceof Pod pb) {
            return KubeSnapshot.component(pa).equals(KubeSnapshot.component(pb));
        }
        return a.getMetadata().getName().equals(b.getMetadata().getName());
    }

    static KubeSnapshot build(List<HasMetadata> items, String context, List<KubeSnapshot.HelmRevision> helm,
                              Map<String, List<String>> logs, Optional<Readiness> readiness) {
        Map<String, Endpoints> endpoints = new LinkedHashMap<>();
        of(items, Endpoints.class).forEach(e -> endpoints.put(e.getMetadata().getName(), e));
        return new KubeSnapshot("todo-chatbot", context, "todo", NOW, "--target kubernetes", of(items, Pod.class),
                of(items, Event.class), of(items, Service.class), endpoints, of(items, HorizontalPodAutoscaler.class),
                of(items, PersistentVolumeClaim.class), helm, logs, readiness, List.of());
    }

    /** A copy of {@code s} with one field changed, for the cases fixtures do not cover. */
    static KubeSnapshot copy(KubeSnapshot s, Function<Builder, Builder> change) {
        Builder b = change.apply(new Builder(s));
        return new KubeSnapshot(s.release(), s.context(), s.namespace(), s.takenAt(), s.todoctlFlags(), s.pods(),
                s.events(), s.services(), b.endpoints, s.autoscalers(), s.claims(), b.helm, s.logs(), b.readiness, b.unread);
    }

    static final class Builder {
        Map<String, Endpoints> endpoints;
        List<KubeSnapshot.HelmRevision> helm;
        Optional<Readiness> readiness;
        List<String> unread;

        Builder(KubeSnapshot s) {
            unread = s.unread();
            endpoints = new LinkedHashMap<>(s.endpoints());
            helm = s.helm();
            readiness = s.apiReadiness();
        }
    }

    private static <T> List<T> of(List<HasMetadata> items, Class<T> type) {
        return items.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
