package dev.todoctl.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal {@code kustomize build}, used only by the tests of {@code todoctl render --format kustomize}: there is no
 * kustomize binary on the build machines and no Java implementation of it in the Maven registry (checked: none is
 * published). It does, faithfully to kustomize's documented semantics, only what that output uses, and refuses
 * anything else rather than ignoring it:
 * <ul>
 *   <li>{@code resources}: files of objects, or directories holding a kustomization (built recursively);</li>
 *   <li>{@code patches} with {@code path} and {@code target} (group, version, kind, name): an RFC 6902 JSON patch
 *       (a list of add/remove/replace/test operations), or a strategic-merge patch that is only
 *       {@code $patch: delete};</li>
 *   <li>{@code namespace}: set on every object (all the chart's kinds are namespaced);</li>
 *   <li>duplicate objects (same apiVersion, kind, namespace, name) are an error, as in kustomize.</li>
 * </ul>
 * The files are read with SnakeYAML, not the Jackson YAML the renderer writes with, so that quoting mistakes of the
 * writer (a string read back as a number or a boolean) show up as differences.
 */
final class KustomizeBuild {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KUSTOMIZATION_KEYS = Set.of("apiVersion", "kind", "namespace", "resources", "patches");
    private static final Set<String> PATCH_KEYS = Set.of("path", "target");
    private static final Set<String> TARGET_KEYS = Set.of("group", "version", "kind", "name");

    private KustomizeBuild() {
    }

    static List<ObjectNode> build(Path dir) {
        Map<String, Object> k = asMap(load(dir.resolve("kustomization.yaml")).getFirst(), dir + "/kustomization.yaml");
        for (String key : k.keySet()) {
            if (!KUSTOMIZATION_KEYS.contains(key)) {
                throw new IllegalStateException(dir + ": kustomization field '" + key + "' is not supported by this builder");
            }
        }
        if (!"Kustomization".equals(k.get("kind")) || !"kustomize.config.k8s.io/v1beta1".equals(k.get("apiVersion"))) {
            throw new IllegalStateException(dir + ": not a kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (Object resource : list(k.get("resources"))) {
            Path path = dir.resolve(String.valueOf(resource)).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(build(path));
            } else if (Files.isRegularFile(path)) {
                for (Object doc : load(path)) {
                    objects.add(JSON.valueToTree(asMap(doc, path.toString())));
                }
            } else {
                throw new IllegalStateException(dir + ": resource " + resource + " does not exist");
            }
        }
        for (Object entry : list(k.get("patches"))) {
            Map<String, Object> patch = asMap(entry, dir + " patches");
            if (!PATCH_KEYS.containsAll(patch.keySet()) || !patch.containsKey("path") || !patch.containsKey("target")) {
                throw new IllegalStateException(dir + ": only patches with path and target are supported: " + patch);
            }
            Map<String, Object> target = asMap(patch.get("target"), "target");
            if (!TARGET_KEYS.containsAll(target.keySet())) {
                throw new IllegalStateException(dir + ": unsupported target selector " + target);
            }
            List<ObjectNode> matches = objects.stream().filter(o -> matches(o, target)).toList();
            if (matches.isEmpty()) {
                throw new IllegalStateException(dir + ": patch " + patch.get("path") + " matches no resource (" + target + ")");
            }
            Path file = dir.resolve(String.valueOf(patch.get("path")));
            Object content = load(file).getFirst();
            if (content instanceof List<?> ops) {
                for (ObjectNode match : matches) {
                    ObjectNode patched = (ObjectNode) applyJsonPatch(match, JSON.valueToTree(ops), file);
                    objects.set(objects.indexOf(match), patched);
                }
            } else {
                Map<String, Object> smp = asMap(content, file.toString());
                if (!"delete".equals(smp.get("$patch"))) {
                    throw new IllegalStateException(file + ": only the $patch: delete strategic-merge patch is supported");
                }
                JsonNode id = JSON.valueToTree(smp);
                for (ObjectNode match : matches) {
                    if (!match.path("kind").equals(id.path("kind")) || !match.path("metadata").path("name").equals(id.path("metadata").path("name"))) {
                        throw new IllegalStateException(file + ": the delete patch names another object than its target");
                    }
                    objects.remove(match);
                }
            }
        }
        if (k.get("namespace") instanceof String namespace) {
            objects.forEach(o -> ((ObjectNode) o.get("metadata")).put("namespace", namespace));
        }
        Set<String> seen = new java.util.HashSet<>();
        for (ObjectNode o : objects) {
            String id = o.path("apiVersion").asText() + " " + o.path("kind").asText() + " "
                    + o.path("metadata").path("namespace").asText() + "/" + o.path("metadata").path("name").asText();
            if (!seen.add(id)) {
                throw new IllegalStateException(dir + ": may not add resource with an already registered id: " + id);
            }
        }
        return objects;
    }

    private static boolean matches(ObjectNode object, Map<String, Object> target) {
        String apiVersion = object.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        return (!target.containsKey("group") || target.get("group").equals(group))
                && (!target.containsKey("version") || target.get("version").equals(version))
                && (!target.containsKey("kind") || target.get("kind").equals(object.path("kind").asText()))
                && (!target.containsKey("name") || target.get("name").equals(object.path("metadata").path("name").asText()));
    }

    /** RFC 6902 add/remove/replace/test over RFC 6901 pointers; anything else, or a missing path, is an error. */
    static JsonNode applyJsonPatch(JsonNode document, JsonNode ops, Path file) {
        JsonNode doc = document.deepCopy();
        for (JsonNode op : ops) {
            String kind = op.path("op").asText();
            List<String> path = pointer(op.path("path").asText());
            if (path.isEmpty()) {
                if (kind.equals("replace") || kind.equals("add")) {
                    doc = op.get("value").deepCopy();
                    continue;
                }
                throw new IllegalStateException(file + ": " + kind + " on the whole document");
            }
            JsonNode parent = doc;
            for (String token : path.subList(0, path.size() - 1)) {
                parent = child(parent, token, file, op);
            }
            String last = path.getLast();
            switch (kind) {
                case "add" -> {
                    if (parent instanceof ObjectNode object) {
                        object.set(last, op.get("value").deepCopy());
                    } else if (parent instanceof ArrayNode array) {
                        int index = last.equals("-") ? array.size() : index(last, array.size(), file, op);
                        array.insert(index, op.get("value").deepCopy());
                    } else {
                        throw new IllegalStateException(file + ": add into a scalar: " + op);
                    }
                }
                case "remove", "replace" -> {
                    child(parent, last, file, op);
                    if (parent instanceof ObjectNode object) {
                        if (kind.equals("remove")) {
                            object.remove(last);
                        } else {
                            object.set(last, op.get("value").deepCopy());
                        }
                    } else {
                        ArrayNode array = (ArrayNode) parent;
                        int index = index(last, array.size() - 1, file, op);
                        if (kind.equals("remove")) {
                            array.remove(index);
                        } else {
                            array.set(index, op.get("value").deepCopy());
                        }
                    }
                }
                case "test" -> {
                    if (!child(parent, last, file, op).equals(op.get("value"))) {
                        throw new IllegalStateException(file + ": test failed: " + op);
                    }
                }
                default -> throw new IllegalStateException(file + ": operation '" + kind + "' is not supported by this builder");
            }
        }
        return doc;
    }

    private static JsonNode child(JsonNode parent, String token, Path file, JsonNode op) {
        JsonNode child = parent.isArray() ? parent.get(index(token, parent.size() - 1, file, op)) : parent.get(token);
        if (child == null) {
            throw new IllegalStateException(file + ": path does not exist: " + op);
        }
        return child;
    }

    private static int index(String token, int max, Path file, JsonNode op) {
        if (!token.matches("0|[1-9][0-9]*") || Integer.parseInt(token) > max) {
            throw new IllegalStateException(file + ": bad array index '" + token + "' in " + op);
        }
        return Integer.parseInt(token);
    }

    private static List<String> pointer(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalStateException("not a JSON pointer: " + pointer);
        }
        List<String> tokens = new ArrayList<>();
        for (String token : pointer.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static List<Object> load(Path file) {
        try {
            List<Object> docs = new ArrayList<>();
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
                if (doc != null) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node, String where) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalStateException(where + ": expected a mapping, got " + node);
        }
        return new LinkedHashMap<>((Map<String, Object>) map);
    }

    private static List<?> list(Object node) {
        return node == null ? List.of() : (List<?>) node;
    }
}
