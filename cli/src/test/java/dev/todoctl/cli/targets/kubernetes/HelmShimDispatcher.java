package dev.todoctl.cli.targets.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD mock dispatcher with what the embedded Helm (client-go) additionally needs
 * against a mock API server: {@code /version} and discovery answers, JSON content types,
 * list kinds named {@code <Kind>List}, Secrets sent as protobuf decoded to JSON, exceptions as 500s (Helm
 * would hang otherwise) — container logs served from {@link #logs} for the rollout watcher, port-forwards
 * answered by {@link #kubelet}; DELETEs are recorded in {@link #deletes}.
 */
final class HelmShimDispatcher extends Dispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOG = Pattern.compile("^/api/v1/namespaces/[^/]+/pods/([^/]+)/log$");

    /** group/version → resource plural → [Kind, namespaced]. */
    private static final Map<String, Map<String, Object[]>> RESOURCES = new LinkedHashMap<>();

    static {
        Map<String, Object[]> core = new LinkedHashMap<>();
        core.put("secrets", new Object[] {"Secret", true});
        core.put("configmaps", new Object[] {"ConfigMap", true});
        core.put("services", new Object[] {"Service", true});
        core.put("pods", new Object[] {"Pod", true});
        core.put("persistentvolumeclaims", new Object[] {"PersistentVolumeClaim", true});
        core.put("serviceaccounts", new Object[] {"ServiceAccount", true});
        core.put("endpoints", new Object[] {"Endpoints", true});
        core.put("events", new Object[] {"Event", true});
        core.put("namespaces", new Object[] {"Namespace", false});
        core.put("nodes", new Object[] {"Node", false});
        RESOURCES.put("v1", core);
        RESOURCES.put("apps/v1", Map.of("deployments", new Object[] {"Deployment", true},
                "statefulsets", new Object[] {"StatefulSet", true}, "replicasets", new Object[] {"ReplicaSet", true},
                "daemonsets", new Object[] {"DaemonSet", true}));
        RESOURCES.put("autoscaling/v2", Map.of("horizontalpodautoscalers", new Object[] {"HorizontalPodAutoscaler", true}));
        RESOURCES.put("policy/v1", Map.of("poddisruptionbudgets", new Object[] {"PodDisruptionBudget", true}));
        RESOURCES.put("networking.k8s.io/v1", Map.of("networkpolicies", new Object[] {"NetworkPolicy", true},
                "ingresses", new Object[] {"Ingress", true}));
        RESOURCES.put("batch/v1", Map.of("jobs", new Object[] {"Job", true}));
        RESOURCES.put("monitoring.coreos.com/v1", Map.of("servicemonitors", new Object[] {"ServiceMonitor", true},
                "prometheusrules", new Object[] {"PrometheusRule", true}));
    }

    private static final Pattern WORKLOAD = Pattern.compile(
            "^/apis/apps/v1/namespaces/([^/]+)/(deployments|statefulsets)(?:/([^/]+))?$");
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    final Map<String, String> logs = new ConcurrentHashMap<>();
    /** Pods whose log the API server refuses, with this code and message (400: a container gone with its pod). */
    final Map<String, Refusal> logRefusals = new ConcurrentHashMap<>();

    record Refusal(int code, String message) {
    }
    /** The path and query of every log request. */
    final java.util.Queue<String> logRequests = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The path of every DELETE request, so a test can tell exactly what a command deleted. */
    final java.util.Queue<String> deletes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Plays the kubelet for {@code pods/{name}/portforward}. */
    final PortForwardKubelet kubelet = new PortForwardKubelet();
    /** API group/versions this server pretends not to serve (e.g. {@code batch/v1}: a cluster without Jobs). */
    final java.util.Set<String> unserved = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        try {
            String path = request.getPath();
            String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            if ("DELETE".equals(request.getMethod())) {
                deletes.add(bare);
            }
            if (unserved.stream().anyMatch(gv -> bare.equals("/apis/" + gv) || bare.startsWith("/apis/" + gv + "/"))) {
                return json(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
            }
            if ("GET".equals(request.getMethod())) {
                String discovery = discovery(bare);
                if (discovery != null) {
                    return json(200, discovery);
                }
                Matcher forward = PortForwardKubelet.PATH.matcher(bare);
                if (forward.matches()) {
                    MockResponse pod = crud.handleGet(bare.substring(0, bare.length() - "/portforward".length()));
                    return pod.code() == 200 ? kubelet.upgrade(request, forward) : json(404, "{\"kind\":\"Status\","
                            + "\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,"
                            + "\"message\":\"pods \\\"" + forward.group(2) + "\\\" not found\"}");
                }
                Matcher log = LOG.matcher(bare);
                if (log.matches()) {
                    logRequests.add(path);
                    Refusal refused = logRefusals.get(log.group(1));
                    if (refused != null) {
                        return json(refused.code(), JSON.writeValueAsString(Map.of("kind", "Status", "apiVersion", "v1",
                                "status", "Failure", "code", refused.code(), "message", refused.message())));
                    }
                    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                            .setBody(stamped(logs.getOrDefault(log.group(1), ""), path));
                }
            }
            String contentType = request.getHeader("Content-Type");
            if (contentType != null && contentType.contains("protobuf")) {
                request = new RecordedRequest(request.getHttpVersion(), request.method(), path,
                        new Headers.Builder().setHeaders(request.getHeaders()).set("Content-Type", "application/json").build(),
                        new Buffer(JSON.writeValueAsBytes(Protobuf.secret(request.getBody().getBytes()))));
            }
            request = statusOnly(bumpGeneration(request, bare), bare);
            MockResponse response = crud.dispatch(request);
            response.setHeader("Content-Type", "application/json");
            String body = response.getBody() == null ? "" : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
            if ("GET".equals(request.getMethod()) && body.startsWith("{") && body.contains("\"kind\":\"List\"")) {
                ObjectNode list = (ObjectNode) JSON.readTree(body);
                String kind = listKind(bare);
                if (kind != null && "List".equals(list.path("kind").asText())) {
                    list.put("kind", kind + "List");
                    list.put("apiVersion", groupVersion(bare));
                    response.setBody(JSON.writeValueAsString(list));
                }
            }
            return response;
        } catch (Exception e) {
            return json(500, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500,\"message\":"
                    + JSON.valueToTree(String.valueOf(e)) + "}");
        }
    }

    /**
     * What the API server does and the mock does not: every write of a Deployment's or StatefulSet's spec bumps
     * {@code metadata.generation}, so a rollout watcher can tell a status that has not seen the new spec yet.
     */
    private RecordedRequest bumpGeneration(RecordedRequest request, String path) throws Exception {
        Matcher m = WORKLOAD.matcher(path);
        if (!m.matches() || !List.of("POST", "PUT").contains(request.getMethod())) {
            return request;
        }
        ObjectNode body = (ObjectNode) JSON.readTree(request.getBody().getBytes());
        String key = m.group(1) + "/" + m.group(2) + "/" + body.path("metadata").path("name").asText();
        long generation = generations.merge(key, 1L, Long::sum);
        ((ObjectNode) body.path("metadata")).put("generation", generation);
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                new Buffer(JSON.writeValueAsBytes(body)));
    }

    /**
     * Also as the API server: a write to {@code .../status} changes the status only. (The mock stores the whole
     * body, so a controller's status write racing Helm's upgrade would put the old spec back.)
     */
    private RecordedRequest statusOnly(RecordedRequest request, String path) throws Exception {
        if (!"PUT".equals(request.getMethod()) || !path.endsWith("/status") || !path.startsWith("/apis/apps/v1/")) {
            return request;
        }
        String objectPath = path.substring(0, path.length() - "/status".length());
        MockResponse current = crud.handleGet(objectPath);
        if (current.code() != 200) {
            return request;
        }
        ObjectNode live = (ObjectNode) JSON.readTree(current.getBody().getBytes());
        ObjectNode body = (ObjectNode) JSON.readTree(request.getBody().getBytes());
        live.set("status", body.path("status"));
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                new Buffer(JSON.writeValueAsBytes(live)));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    private static String discovery(String path) throws Exception {
        if (path.equals("/version")) {
            return "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\",\"platform\":\"linux/amd64\"}";
        }
        if (path.equals("/api")) {
            return "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                    + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"localhost\"}]}";
        }
        if (path.equals("/apis")) {
            ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = list.putArray("groups");
            RESOURCES.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> {
                String[] parts = gv.split("/");
                ObjectNode group = groups.addObject().put("name", parts[0]);
                ObjectNode version = JSON.createObjectNode().put("groupVersion", gv).put("version", parts[1]);
                group.putArray("versions").add(version);
                group.set("preferredVersion", version.deepCopy());
            });
            return JSON.writeValueAsString(list);
        }
        String gv = path.equals("/api/v1") ? "v1" : path.startsWith("/apis/") ? path.substring(6) : null;
        if (gv != null && RESOURCES.containsKey(gv)) {
            ObjectNode list = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                    .put("groupVersion", gv);
            ArrayNode resources = list.putArray("resources");
            RESOURCES.get(gv).forEach((plural, kind) -> {
                ObjectNode r = resources.addObject().put("name", plural).put("singularName", ((String) kind[0]).toLowerCase())
                        .put("namespaced", (Boolean) kind[1]).put("kind", (String) kind[0]);
                ArrayNode verbs = r.putArray("verbs");
                List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch").forEach(verbs::add);
                if (List.of("deployments", "statefulsets", "pods").contains(plural)) {
                    resources.addObject().put("name", plural + "/status").put("singularName", "")
                            .put("namespaced", true).put("kind", (String) kind[0]).putArray("verbs").add("get").add("patch").add("update");
                }
            });
            return JSON.writeValueAsString(list);
        }
        return null;
    }

    /** {@code /api/v1/namespaces/ns/secrets} → Secret; {@code /apis/apps/v1/deployments} → Deployment. */
    private static String listKind(String path) {
        String gv = groupVersion(path);
        String[] parts = path.split("/");
        String plural = parts[parts.length - 1];
        Object[] kind = RESOURCES.getOrDefault(gv, Map.of()).get(plural);
        return kind == null ? null : (String) kind[0];
    }

    private static String groupVersion(String path) {
        String[] parts = path.split("/");
        return path.startsWith("/api/") ? parts[2] : parts.length > 3 ? parts[2] + "/" + parts[3] : "";
    }

    /** Just enough protobuf to read the Secrets Helm's storage driver sends (k8s envelope → v1.Secret). */
    static final class Protobuf {
        private final byte[] b;
        private int pos;
        private final int end;

        private Protobuf(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        static ObjectNode secret(byte[] body) {
            // "k8s\0" then runtime.Unknown{typeMeta=1, raw=2, contentEncoding=3, contentType=4}
            Protobuf unknown = new Protobuf(body, 4, body.length);
            byte[] raw = null;
            while (unknown.more()) {
                int tag = unknown.varint();
                if (tag >>> 3 == 2) {
                    raw = unknown.bytes();
                } else {
                    unknown.skip(tag);
                }
            }
            ObjectNode secret = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Secret");
            Protobuf p = new Protobuf(raw, 0, raw.length);
            ObjectNode data = JSON.createObjectNode();
            while (p.more()) {
                int tag = p.varint();
                switch (tag >>> 3) {
                    case 1 -> secret.set("metadata", metadata(p.bytes()));
                    case 2 -> {
                        Map.Entry<String, byte[]> e = entry(p.bytes());
                        data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue()));
                    }
                    case 3 -> putIfNotEmpty(secret, "type", p.string());
                    default -> p.skip(tag);
                }
            }
            secret.set("data", data);
            return secret;
        }

        private static ObjectNode metadata(byte[] bytes) {
            Protobuf p = new Protobuf(bytes, 0, bytes.length);
            ObjectNode meta = JSON.createObjectNode();
            ObjectNode labels = JSON.createObjectNode();
            ObjectNode annotations = JSON.createObjectNode();
            while (p.more()) {
                int tag = p.varint();
                switch (tag >>> 3) {
                    case 1 -> putIfNotEmpty(meta, "name", p.string());
                    case 3 -> putIfNotEmpty(meta, "namespace", p.string());
                    case 5 -> putIfNotEmpty(meta, "uid", p.string());
                    case 6 -> putIfNotEmpty(meta, "resourceVersion", p.string());
                    case 11 -> {
                        Map.Entry<String, byte[]> e = entry(p.bytes());
                        labels.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8));
                    }
                    case 12 -> {
                        Map.Entry<String, byte[]> e = entry(p.bytes());
                        annotations.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8));
                    }
                    default -> p.skip(tag);
                }
            }
            if (!labels.isEmpty()) {
                meta.set("labels", labels);
            }
            if (!annotations.isEmpty()) {
                meta.set("annotations", annotations);
            }
            return meta;
        }

        private static Map.Entry<String, byte[]> entry(byte[] bytes) {
            Protobuf p = new Protobuf(bytes, 0, bytes.length);
            String key = "";
            byte[] value = new byte[0];
            while (p.more()) {
                int tag = p.varint();
                if (tag >>> 3 == 1) {
                    key = p.string();
                } else if (tag >>> 3 == 2) {
                    value = p.bytes();
                } else {
                    p.skip(tag);
                }
            }
            return Map.entry(key, value);
        }

        private static void putIfNotEmpty(ObjectNode node, String field, String value) {
            if (!value.isEmpty()) {
                node.put(field, value);
            }
        }

        private boolean more() {
            return pos < end;
        }

        private int varint() {
            long v = varlong();
            return (int) v;
        }

        private long varlong() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = b[pos++];
                result |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalStateException("bad varint");
        }

        private byte[] bytes() {
            int len = varint();
            byte[] out = new byte[len];
            System.arraycopy(b, pos, out, 0, len);
            pos += len;
            return out;
        }

        private String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        private void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varlong();
                case 1 -> pos += 8;
                case 2 -> {
                    int length = varint(); // not `pos += varint()`: that adds to pos as it was before the varint
                    pos += length;
                }
                case 5 -> pos += 4;
                default -> throw new IllegalStateException("wire type " + (tag & 7));
            }
        }
    }


    /**
     * The kubelet's {@code timestamps=true} and {@code sinceTime}: line i is stamped with second i after the epoch, and
     * lines before {@code sinceTime} are left out.
     */
    private static String stamped(String log, String path) {
        if (!path.contains("timestamps=true")) {
            return log;
        }
        Matcher since = Pattern.compile("sinceTime=([^&]+)").matcher(path);
        java.time.Instant from = since.find()
                ? java.time.Instant.parse(java.net.URLDecoder.decode(since.group(1), StandardCharsets.UTF_8))
                : java.time.Instant.EPOCH;
        StringBuilder out = new StringBuilder();
        List<String> lines = log.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            java.time.Instant at = java.time.Instant.EPOCH.plusSeconds(i);
            if (!at.isBefore(from)) {
                out.append(at).append(' ').append(lines.get(i)).append('\n');
            }
        }
        return out.toString();
    }
}
