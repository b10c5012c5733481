package dev.todoctl.cli.ops.resources;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The workloads of a rendered manifest (Helm's multi-document YAML), read into fabric8's model types. */
public final class RenderedWorkloads {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private RenderedWorkloads() {
    }

    public static List<Workload> read(String manifest) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(manifest)) {
            if (doc instanceof Map<?, ?> map && map.get("kind") != null) {
                objects.add(SERIALIZATION.convertValue(map, HasMetadata.class));
            }
        }
        Map<String, Integer> hpaMax = new HashMap<>();
        for (HasMetadata o : objects) {
            if (o instanceof HorizontalPodAutoscaler hpa && hpa.getSpec() != null && hpa.getSpec().getScaleTargetRef() != null) {
                var ref = hpa.getSpec().getScaleTargetRef();
                hpaMax.put(ref.getKind() + "/" + ref.getName(), hpa.getSpec().getMaxReplicas());
            }
        }
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata o : objects) {
            String name = o.getMetadata().getName();
            switch (o) {
                case Deployment d -> workloads.add(workload("Deployment", name, d.getSpec().getReplicas(),
                        hpaMax.get("Deployment/" + name), d.getSpec().getTemplate().getSpec()));
                case StatefulSet s -> workloads.add(workload("StatefulSet", name, s.getSpec().getReplicas(),
                        hpaMax.get("StatefulSet/" + name), s.getSpec().getTemplate().getSpec()));
                // a Job's pods at once: parallelism (default 1)
                case Job j -> workloads.add(workload("Job", name, j.getSpec().getParallelism(), null,
                        j.getSpec().getTemplate().getSpec()));
                default -> { }
            }
        }
        return workloads;
    }

    private static Workload workload(String kind, String name, Integer replicas, Integer hpaMax, PodSpec pod) {
        List<ContainerResources> containers = new ArrayList<>();
        for (Container c : pod.getInitContainers() == null ? List.<Container>of() : pod.getInitContainers()) {
            containers.add(ContainerResources.of(c, true));
        }
        for (Container c : pod.getContainers()) {
            containers.add(ContainerResources.of(c, false));
        }
        // Kubernetes defaults replicas to 1
        return new Workload(kind, name, replicas == null ? 1 : replicas, hpaMax, containers);
    }
}
