package dev.todoctl.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The prometheus-operator kinds (ServiceMonitor, PrometheusRule) are not in fabric8's core model
 * and their model artifact is not available here, so their fields are checked against the
 * subset of the operator's CRD schema this chart uses: an unknown or misspelt key fails.
 */
final class MonitoringShapes {

    private static final Map<String, Set<String>> SERVICE_MONITOR = Map.of(
            "spec", Set.of("selector", "namespaceSelector", "endpoints", "jobLabel", "targetLabels", "podTargetLabels"),
            "spec.selector", Set.of("matchLabels", "matchExpressions"),
            "spec.namespaceSelector", Set.of("matchNames", "any"),
            "spec.endpoints[]", Set.of("port", "targetPort", "path", "scheme", "interval", "scrapeTimeout",
                    "honorLabels", "relabelings", "metricRelabelings", "tlsConfig"));

    private static final Map<String, Set<String>> PROMETHEUS_RULE = Map.of(
            "spec", Set.of("groups"),
            "spec.groups[]", Set.of("name", "interval", "rules", "limit"),
            "spec.groups[].rules[]", Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"));

    private MonitoringShapes() {
    }

    static List<String> unknownFields(GenericKubernetesResource resource) {
        Map<String, Set<String>> shape = switch (resource.getKind()) {
            case "ServiceMonitor" -> SERVICE_MONITOR;
            case "PrometheusRule" -> PROMETHEUS_RULE;
            default -> throw new AssertionError("unexpected kind outside the Kubernetes model: " + resource.getKind());
        };
        if (!"monitoring.coreos.com/v1".equals(resource.getApiVersion())) {
            return List.of(resource.getKind() + ": apiVersion " + resource.getApiVersion());
        }
        List<String> problems = new ArrayList<>();
        Set<String> topLevel = Set.of("spec");
        resource.getAdditionalProperties().keySet().stream()
                .filter(key -> !topLevel.contains(key))
                .forEach(key -> problems.add(resource.getKind() + ": " + key));
        check(resource.getAdditionalProperties().get("spec"), "spec", shape, resource.getKind(), problems);
        return problems;
    }

    private static void check(Object node, String path, Map<String, Set<String>> shape, String kind, List<String> problems) {
        Set<String> allowed = shape.get(path);
        if (allowed == null) {
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            problems.add(kind + ": " + path + " is not an object");
            return;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!allowed.contains(key)) {
                problems.add(kind + ": " + path + "." + key);
                continue;
            }
            String child = path + "." + key;
            if (entry.getValue() instanceof List<?> items) {
                for (Object item : items) {
                    check(item, child + "[]", shape, kind, problems);
                }
            } else {
                check(entry.getValue(), child, shape, kind, problems);
            }
        }
    }
}
