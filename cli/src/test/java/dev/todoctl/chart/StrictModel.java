package dev.todoctl.chart;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds fields the Kubernetes model does not know. fabric8's model classes never fail on an
 * unknown property: Jackson puts it into {@code additionalProperties} (a {@code @JsonAnySetter}).
 * So we walk the parsed object graph and report every non-empty {@code additionalProperties},
 * with its path, e.g. {@code Deployment/x: spec.template.spec.containers[0].readinesProbe}.
 */
final class StrictModel {

    private StrictModel() {
    }

    static List<String> unknownFields(HasMetadata object) {
        if (object instanceof GenericKubernetesResource) {
            // Kinds outside fabric8's core model (monitoring.coreos.com) are checked by
            // MonitoringShapes instead.
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        walk(object, object.getKind() + "/" + object.getMetadata().getName() + ": ", problems,
                java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return problems;
    }

    private static void walk(Object node, String path, List<String> problems, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                walk(entry.getValue(), path + "[" + entry.getKey() + "]", problems, seen);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = getter.getName();
            if (!name.startsWith("get") || name.equals("getClass")) {
                continue;
            }
            Object value = invoke(getter, node);
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    for (Object key : extra.keySet()) {
                        problems.add(path + (path.endsWith(" ") ? "" : ".") + key);
                    }
                }
                continue;
            }
            String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            walk(value, path + (path.endsWith(" ") ? "" : ".") + field, problems, seen);
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
