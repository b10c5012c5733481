package dev.todoctl.cli.targets.kubernetes;

import dev.todoctl.cli.outcome.Phase;
import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.cli.platform.Environment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One kube context and namespace: the fabric8 {@link Config} read from the kubeconfig the user's environment
 * names (not the JVM's: tests run the CLI in-process with their own KUBECONFIG), a client made from it, and the
 * same connection written as a kubeconfig for the embedded Helm (as JKube's HelmService does).
 */
public record KubeAccess(Config config, String context, String namespace) {

    /** Reads the kubeconfig named by {@code KUBECONFIG} (first existing file) or {@code ~/.kube/config}. */
    public static KubeAccess from(Environment env, String context, String namespace) {
        String kubeconfig = env.get("KUBECONFIG").orElse(env.home().resolve(".kube/config").toString());
        Optional<File> file = Arrays.stream(kubeconfig.split(File.pathSeparator)).filter(p -> !p.isBlank())
                .map(File::new).filter(File::isFile).findFirst();
        if (file.isEmpty() && env.get("KUBERNETES_SERVICE_HOST").isPresent()) {
            // inside a pod: the service account (fabric8 reads it from the well-known paths)
            Config inCluster = Config.autoConfigure(null);
            inCluster.setNamespace(namespace);
            return new KubeAccess(inCluster, "in-cluster", namespace);
        }
        if (file.isEmpty()) {
            throw new TodoctlException(Phase.DEPLOY, "no kubeconfig found (" + kubeconfig + ")",
                    List.of("set KUBECONFIG or create ~/.kube/config (minikube start / kind create cluster do that)",
                            "or use another target: --target docker"));
        }
        if (!context.isEmpty()) {
            // fabric8 falls back to the current context when the named one does not exist: that would deploy to
            // another cluster than the one asked for
            List<String> known = contextNames(file.get());
            if (!known.contains(context)) {
                throw new TodoctlException(Phase.USAGE, "kube context '" + context + "' does not exist in " + file.get(),
                        List.of(known.isEmpty() ? "the kubeconfig has no contexts: create one (minikube start, kind create cluster)"
                                : "use one of: " + String.join(", ", known) + " (--set kubernetes.context=NAME)",
                                "`kubectl config get-contexts` lists them"));
            }
        }
        Config config;
        try {
            config = Config.fromKubeconfig(context.isEmpty() ? null : context, file.get());
        } catch (RuntimeException e) {
            throw new TodoctlException(Phase.USAGE, "cannot read kubeconfig " + file.get() + ": " + e.getMessage(),
                    List.of("check the context name (`kubectl config get-contexts`)"), e);
        }
        config.setNamespace(namespace);
        String ctxName = config.getCurrentContext() == null ? context : config.getCurrentContext().getName();
        return new KubeAccess(config, ctxName == null ? "" : ctxName, namespace);
    }

    /** The context names a kubeconfig file defines (empty when it cannot be read as one). */
    static List<String> contextNames(File kubeconfig) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(kubeconfig);
            List<String> names = new java.util.ArrayList<>();
            root.path("contexts").forEach(c -> names.add(c.path("name").asText()));
            return names;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A client with short timeouts for the reachability check, so an unreachable cluster answers in seconds. */
    /**
     * A client for the reachability check: fails within seconds on a cluster that is down or never answers. 5 s,
     * not less: a connect to a local API server took over 2 s on a loaded 2-core machine (a false "not reachable").
     */
    public KubernetesClient quickClient() {
        Config quick = new io.fabric8.kubernetes.client.ConfigBuilder(config).withConnectionTimeout(5000)
                .withRequestTimeout(5000).withRequestRetryBackoffLimit(0).withHttp2Disable(true).build();
        return SharedClients.get(quick, () -> new KubernetesClientBuilder().withConfig(quick).build());
    }

    public KubernetesClient client() {
        // HTTP/1.1 as with the Vert.x transport before: the JDK client's HTTP/2 broke on fabric8's mock server
        // (frames over MAX_FRAME_SIZE), and one request at a time per CLI step gains nothing from HTTP/2
        Config c = new io.fabric8.kubernetes.client.ConfigBuilder(config).withRequestRetryBackoffLimit(1)
                .withHttp2Disable(true).build();
        return SharedClients.get(c, () -> new KubernetesClientBuilder().withConfig(c).build());
    }

    /**
     * The connection as a kubeconfig document for Helm. Credentials are inlined as data (never paths that might
     * not exist for Helm); HelmService writes it to a 0600 temporary file for the duration of one Helm call.
     */
    public String kubeconfigForHelm() {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("server", config.getMasterUrl());
        if (config.isTrustCerts() || config.isDisableHostnameVerification()) {
            cluster.put("insecure-skip-tls-verify", true);
        } else {
            data(config.getCaCertData(), config.getCaCertFile()).ifPresent(d -> cluster.put("certificate-authority-data", d));
        }
        Map<String, Object> user = new LinkedHashMap<>();
        data(config.getClientCertData(), config.getClientCertFile()).ifPresent(d -> user.put("client-certificate-data", d));
        data(config.getClientKeyData(), config.getClientKeyFile()).ifPresent(d -> user.put("client-key-data", d));
        String token = config.getAutoOAuthToken() != null ? config.getAutoOAuthToken() : config.getOauthToken();
        if (token != null && !token.isEmpty()) {
            user.put("token", token);
        }
        if (config.getUsername() != null && !config.getUsername().isEmpty()) {
            user.put("username", config.getUsername());
            user.put("password", config.getPassword());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", "v1");
        doc.put("kind", "Config");
        doc.put("clusters", List.of(Map.of("name", "todoctl", "cluster", cluster)));
        doc.put("users", List.of(Map.of("name", "todoctl", "user", user)));
        doc.put("contexts", List.of(Map.of("name", "todoctl",
                "context", Map.of("cluster", "todoctl", "user", "todoctl", "namespace", namespace))));
        doc.put("current-context", "todoctl");
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(doc);
    }

    private static Optional<String> data(String inline, String file) {
        if (inline != null && !inline.isEmpty()) {
            return Optional.of(inline);
        }
        if (file != null && !file.isEmpty()) {
            try {
                return Optional.of(Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file))));
            } catch (IOException e) {
                throw new TodoctlException(Phase.USAGE, "cannot read " + file + " named in the kubeconfig: " + e.getMessage(),
                        List.of("check the kubeconfig's certificate paths"), e);
            }
        }
        return Optional.empty();
    }

    public String describe() {
        return (context.isEmpty() ? "current context" : "context " + context) + " (" + config.getMasterUrl()
                + ", namespace " + namespace + ")";
    }

}
