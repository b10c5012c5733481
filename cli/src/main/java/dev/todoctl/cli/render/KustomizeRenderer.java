package dev.todoctl.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The chart's output as a kustomize tree, for teams that deploy without Helm: {@code base/} is the render with the
 * chart's default values, one object a file; {@code overlays/<profile>/} turns it into that profile's render with
 * only three kinds of entries, so that {@code kustomize build overlays/<profile>} (or {@code kubectl apply -k})
 * gives exactly the chart's objects for that profile:
 * <ul>
 *   <li>an RFC 6902 JSON patch per object that differs (computed field by field; a list whose length changed is
 *       replaced whole);</li>
 *   <li>the objects only that profile has, as resources of the overlay;</li>
 *   <li>a {@code $patch: delete} patch per base object the profile does not have.</li>
 * </ul>
 * Every kustomization sets {@code namespace}, as {@code helm install -n} would place the objects (the rendered
 * objects name the namespace in places, e.g. the web's {@code API_URL}).
 * <p>
 * The chart generates its Secret's values at random on every render; one set serves the base and every overlay
 * (one install would generate one), so that the Secret differs between profiles only if its keys do.
 */
public final class KustomizeRenderer {
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private KustomizeRenderer() {
    }

    /** An object's identity in a kustomization: apiVersion, kind, name. */
    public record Id(String apiVersion, String kind, String name) {
        static Id of(JsonNode object) {
            return new Id(object.path("apiVersion").asText(), object.path("kind").asText(),
                    object.path("metadata").path("name").asText());
        }

        String fileName() {
            return kind.toLowerCase(java.util.Locale.ROOT) + "-" + name + ".yaml";
        }

        ObjectNode target() {
            ObjectNode target = NODES.objectNode();
            int slash = apiVersion.indexOf('/');
            if (slash >= 0) {
                target.put("group", apiVersion.substring(0, slash));
            }
            target.put("version", apiVersion.substring(slash + 1));
            target.put("kind", kind);
            target.put("name", name);
            return target;
        }
    }

    /**
     * @param base     the chart rendered with its default values
     * @param profiles profile name → the chart rendered with that profile's values (same release and namespace)
     * @param header   a comment line for the top of each kustomization (where it came from)
     * @return relative path → file content
     */
    public static Map<String, String> render(String base, Map<String, String> profiles, String namespace, String header) {
        Map<Id, ObjectNode> baseObjects = objects(base);
        Map<String, String> files = new LinkedHashMap<>();
        List<String> baseResources = new ArrayList<>();
        baseObjects.forEach((id, object) -> {
            files.put("base/" + id.fileName(), yaml(object));
            baseResources.add(id.fileName());
        });
        files.put("base/kustomization.yaml", kustomization(header, namespace, baseResources, List.of()));

        profiles.forEach((profile, manifest) -> {
            String dir = "overlays/" + profile + "/";
            Map<Id, ObjectNode> objects = objects(manifest);
            List<String> resources = new ArrayList<>(List.of("../../base"));
            List<ObjectNode> patches = new ArrayList<>();
            for (Map.Entry<Id, ObjectNode> entry : objects.entrySet()) {
                Id id = entry.getKey();
                ObjectNode wanted = entry.getValue();
                ObjectNode have = baseObjects.get(id);
                if (have == null) {
                    files.put(dir + id.fileName(), yaml(wanted));
                    resources.add(id.fileName());
                    continue;
                }
                sameGeneratedSecret(have, wanted);
                ArrayNode ops = NODES.arrayNode();
                diff(have, wanted, "", ops);
                if (!ops.isEmpty()) {
                    String path = "patches/" + id.fileName();
                    files.put(dir + path, yaml(ops));
                    ObjectNode patch = NODES.objectNode();
                    patch.put("path", path);
                    patch.set("target", id.target());
                    patches.add(patch);
                }
            }
            for (Id id : baseObjects.keySet()) {
                if (!objects.containsKey(id)) {
                    String path = "patches/delete-" + id.fileName();
                    ObjectNode delete = NODES.objectNode();
                    delete.put("$patch", "delete");
                    delete.put("apiVersion", id.apiVersion());
                    delete.put("kind", id.kind());
                    delete.putObject("metadata").put("name", id.name()).put("namespace", namespace);
                    files.put(dir + path, yaml(delete));
                    ObjectNode patch = NODES.objectNode();
                    patch.put("path", path);
                    patch.set("target", id.target());
                    patches.add(patch);
                }
            }
            files.put(dir + "kustomization.yaml", kustomization(header + " (profile " + profile + ")", namespace, resources, patches));
        });
        return files;
    }

    private static String kustomization(String header, String namespace, List<String> resources, List<ObjectNode> patches) {
        ObjectNode k = NODES.objectNode();
        k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
        k.put("kind", "Kustomization");
        k.put("namespace", namespace);
        ArrayNode list = k.putArray("resources");
        resources.forEach(list::add);
        if (!patches.isEmpty()) {
            k.putArray("patches").addAll(patches);
        }
        return "# " + header + "\n" + yaml(k);
    }

    /** The objects of a rendered manifest by identity, in order; Helm's {@code # Source:} comments dropped. */
    public static Map<Id, ObjectNode> objects(String manifest) {
        Map<Id, ObjectNode> objects = new LinkedHashMap<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifest)) {
            try {
                JsonNode node = YAML.readTree(document);
                if (node == null || node.isMissingNode() || node.isNull() || node.isEmpty()) {
                    continue;
                }
                if (!(node instanceof ObjectNode object) || !object.hasNonNull("kind")) {
                    throw new IllegalStateException("not a Kubernetes object in the rendered chart: " + document.strip());
                }
                if (objects.put(Id.of(object), object) != null) {
                    throw new IllegalStateException("the rendered chart has " + Id.of(object) + " twice");
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable YAML in the rendered chart: " + e.getOriginalMessage(), e);
            }
        }
        return objects;
    }

    /** The chart's generated Secret: a profile's render gets the base's random values when the keys are the same. */
    private static void sameGeneratedSecret(ObjectNode have, ObjectNode wanted) {
        if ("Secret".equals(wanted.path("kind").asText()) && wanted.path("data").isObject() && have.path("data").isObject()) {
            List<String> haveKeys = new ArrayList<>();
            have.path("data").fieldNames().forEachRemaining(haveKeys::add);
            List<String> wantedKeys = new ArrayList<>();
            wanted.path("data").fieldNames().forEachRemaining(wantedKeys::add);
            if (haveKeys.equals(wantedKeys)) {
                wanted.set("data", have.path("data").deepCopy());
            }
        }
    }

    /** RFC 6902 operations turning {@code from} into {@code to}; paths are JSON pointers (RFC 6901). */
    static void diff(JsonNode from, JsonNode to, String path, ArrayNode ops) {
        if (from.equals(to)) {
            return;
        }
        if (from.isObject() && to.isObject()) {
            for (Iterator<String> names = from.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!to.has(name)) {
                    ops.addObject().put("op", "remove").put("path", path + "/" + escape(name));
                }
            }
            for (Map.Entry<String, JsonNode> field : to.properties()) {
                String child = path + "/" + escape(field.getKey());
                if (!from.has(field.getKey())) {
                    ops.addObject().put("op", "add").put("path", child).set("value", field.getValue().deepCopy());
                } else {
                    diff(from.get(field.getKey()), field.getValue(), child, ops);
                }
            }
            return;
        }
        if (from.isArray() && to.isArray() && from.size() == to.size()) {
            for (int i = 0; i < from.size(); i++) {
                diff(from.get(i), to.get(i), path + "/" + i, ops);
            }
            return;
        }
        ops.addObject().put("op", "replace").put("path", path).set("value", to.deepCopy());
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static String yaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
