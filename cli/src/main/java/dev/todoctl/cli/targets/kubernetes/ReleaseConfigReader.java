package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.targets.DeployedConfig;
import dev.todoctl.validation.EnvSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads from the API server what a release configured its pods with: the release's ConfigMaps, the plain env values
 * written into its workloads, and where each env variable of the api container comes from — resolved as the kubelet
 * does (later {@code envFrom} sources over earlier ones, {@code env} over {@code envFrom}).
 */
final class ReleaseConfigReader {
    /** Shorter Secret values are not handed to the leak scans: they would match unrelated text by chance. */
    private static final int MIN_SCANNED_SECRET = 8;

    private final KubernetesClient client;
    private final String namespace;
    private final String release;
    private final Map<String, Map<String, String>> secretCache = new LinkedHashMap<>();

    ReleaseConfigReader(KubernetesClient client, String namespace, String release) {
        this.client = client;
        this.namespace = namespace;
        this.release = release;
    }

    DeployedConfig read() {
        Map<String, String> plain = new LinkedHashMap<>();
        for (ConfigMap map : client.configMaps().inNamespace(namespace)
                .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release).list().getItems()) {
            Optional.ofNullable(map.getData()).orElse(Map.of()).forEach((key, value) ->
                    plain.put("configmap/" + map.getMetadata().getName() + "/" + key, value));
        }
        Optional<Deployment> api = Optional.empty();
        for (Deployment d : client.apps().deployments().inNamespace(namespace)
                .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release).list().getItems()) {
            addLiterals(plain, d.getMetadata().getName(), d.getSpec().getTemplate().getSpec());
            if ("api".equals(label(d, KubeRolloutWatcher.COMPONENT_LABEL))) {
                api = Optional.of(d);
            }
        }
        for (var s : client.apps().statefulSets().inNamespace(namespace)
                .withLabel(KubeRolloutWatcher.INSTANCE_LABEL, release).list().getItems()) {
            addLiterals(plain, s.getMetadata().getName(), s.getSpec().getTemplate().getSpec());
        }
        Map<String, EnvSource> sources = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        api.ifPresent(d -> resolve(d.getMetadata().getName(), apiContainer(d.getSpec().getTemplate().getSpec()),
                sources, secrets));
        // the chart's Secret also names the database login role (`secrets rotate database` switches it there): a role
        // name, which the ConfigMap's DATABASE_ROLE may spell too, not a secret to hunt for elsewhere
        secrets.remove("DATABASE_USER");
        secrets.values().removeIf(v -> v.length() < MIN_SCANNED_SECRET);
        return new DeployedConfig(plain, api.map(d -> sources), secrets);
    }

    /** Every {@code env} entry with a literal value, of every container and init container. */
    private static void addLiterals(Map<String, String> plain, String workload, PodSpec spec) {
        for (Container c : containers(spec)) {
            for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                if (e.getValueFrom() == null) {
                    plain.put("env/" + workload + "/" + c.getName() + "/" + e.getName(),
                            Optional.ofNullable(e.getValue()).orElse(""));
                }
            }
        }
    }

    private static List<Container> containers(PodSpec spec) {
        return Stream.concat(Optional.ofNullable(spec.getInitContainers()).orElse(List.of()).stream(),
                Optional.ofNullable(spec.getContainers()).orElse(List.of()).stream()).toList();
    }

    /** The container named "api", else the first one (the chart's api pods have one container). */
    private static Container apiContainer(PodSpec spec) {
        return spec.getContainers().stream().filter(c -> "api".equals(c.getName())).findFirst()
                .orElse(spec.getContainers().getFirst());
    }

    private void resolve(String deployment, Container c, Map<String, EnvSource> sources, Map<String, String> secrets) {
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            String prefix = Optional.ofNullable(from.getPrefix()).orElse("");
            if (from.getSecretRef() != null) {
                String name = from.getSecretRef().getName();
                secretData(name).forEach((key, value) -> {
                    sources.put(prefix + key, EnvSource.secret("Secret " + name + " (envFrom)"));
                    secrets.put(prefix + key, value);
                });
            } else if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                for (String key : configMapKeys(name)) {
                    sources.put(prefix + key, EnvSource.configMap("ConfigMap " + name + " (envFrom)"));
                    secrets.remove(prefix + key);
                }
            }
        }
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            EnvVarSource from = e.getValueFrom();
            secrets.remove(e.getName());
            if (from == null) {
                sources.put(e.getName(), EnvSource.literal("value written into Deployment " + deployment
                        + ", container " + c.getName()));
            } else if (from.getSecretKeyRef() != null) {
                String name = from.getSecretKeyRef().getName();
                String key = from.getSecretKeyRef().getKey();
                sources.put(e.getName(), EnvSource.secret("Secret " + name + ", key " + key));
                Optional.ofNullable(secretData(name).get(key)).ifPresent(v -> secrets.put(e.getName(), v));
            } else if (from.getConfigMapKeyRef() != null) {
                sources.put(e.getName(), EnvSource.configMap("ConfigMap " + from.getConfigMapKeyRef().getName()
                        + ", key " + from.getConfigMapKeyRef().getKey()));
            } else {
                sources.put(e.getName(), new EnvSource(EnvSource.Kind.OTHER, "computed by Kubernetes"));
            }
        }
    }

    /** A Secret's decoded data; empty when it does not exist (an optional reference) or cannot be read. */
    private Map<String, String> secretData(String name) {
        return secretCache.computeIfAbsent(name, n -> {
            Secret secret = client.secrets().inNamespace(namespace).withName(n).get();
            Map<String, String> data = new LinkedHashMap<>();
            if (secret != null && secret.getData() != null) {
                secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v),
                        StandardCharsets.UTF_8)));
            }
            return data;
        });
    }

    private List<String> configMapKeys(String name) {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        return map == null || map.getData() == null ? List.of() : new ArrayList<>(map.getData().keySet());
    }

    private static String label(Deployment d, String key) {
        return Optional.ofNullable(d.getMetadata().getLabels()).map(l -> l.get(key)).orElse("");
    }
}
