package dev.todoctl.validation.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An OpenAPI 3.0 document as a JSON tree, with the little the checks need: local {@code $ref} resolution,
 * {@code allOf} flattening, and the list of operations. Kept as a tree (not swagger-parser's model) so the
 * frozen file, the diff and the JSON-schema validation all see exactly the same text.
 */
public final class OpenApiDocument {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final JsonNode root;

    public OpenApiDocument(JsonNode root) {
        if (!root.isObject() || !root.has("paths")) {
            throw new IllegalArgumentException("not an OpenAPI document: no 'paths'");
        }
        this.root = root;
    }

    /** Parses YAML or JSON (JSON is YAML). */
    public static OpenApiDocument parse(String text) {
        try {
            return new OpenApiDocument(YAML.readTree(text));
        } catch (IOException e) {
            throw new IllegalArgumentException("contract is neither YAML nor JSON: " + e.getMessage(), e);
        }
    }

    public static OpenApiDocument read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** The contract frozen into this library at build time ({@code contracts/todo-api.yaml}). */
    public static OpenApiDocument bundled() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/contracts/todo-api.yaml")) {
            if (in == null) {
                throw new IllegalStateException("contracts/todo-api.yaml missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode root() {
        return root;
    }

    public String version() {
        return root.path("info").path("version").asText("");
    }

    /** One operation: a method on a path, with its parameters (path-level merged in) and responses. */
    public record Operation(String path, String method, String operationId, List<JsonNode> parameters,
                            Optional<JsonNode> requestSchema, boolean requestRequired, List<String> requestMediaTypes,
                            Map<String, JsonNode> responses, boolean secured) {

        public String label() {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
        }

        /** Documented status codes (strings, "default" excluded). */
        public Set<Integer> statuses() {
            Set<Integer> codes = new LinkedHashSet<>();
            for (String code : responses.keySet()) {
                if (code.matches("\\d{3}")) {
                    codes.add(Integer.parseInt(code));
                }
            }
            return codes;
        }

        public int successStatus() {
            return statuses().stream().filter(c -> c >= 200 && c < 300).min(Integer::compare)
                    .orElse(statuses().stream().min(Integer::compare).orElse(200));
        }

        public List<JsonNode> parameters(String in) {
            return parameters.stream().filter(p -> in.equals(p.path("in").asText())).toList();
        }
    }

    public List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        boolean globalSecured = hasSecurity(root.path("security"));
        Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").properties().iterator();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            JsonNode item = resolve(p.getValue());
            List<JsonNode> shared = new ArrayList<>();
            item.path("parameters").forEach(n -> shared.add(resolve(n)));
            for (String method : METHODS) {
                JsonNode op = item.get(method);
                if (op == null) {
                    continue;
                }
                Map<String, JsonNode> params = new LinkedHashMap<>();
                for (JsonNode n : shared) {
                    params.put(n.path("in").asText() + ":" + n.path("name").asText(), n);
                }
                op.path("parameters").forEach(n -> {
                    JsonNode r = resolve(n);
                    params.put(r.path("in").asText() + ":" + r.path("name").asText(), r);
                });
                JsonNode body = resolve(op.path("requestBody"));
                Optional<JsonNode> schema = Optional.empty();
                List<String> mediaTypes = new ArrayList<>();
                body.path("content").fieldNames().forEachRemaining(mediaTypes::add);
                JsonNode json = body.path("content").path("application/json").path("schema");
                if (!json.isMissingNode()) {
                    schema = Optional.of(json);
                }
                Map<String, JsonNode> responses = new LinkedHashMap<>();
                op.path("responses").properties().forEach(e -> responses.put(e.getKey(), resolve(e.getValue())));
                boolean secured = op.has("security") ? hasSecurity(op.get("security")) : globalSecured;
                ops.add(new Operation(p.getKey(), method, op.path("operationId").asText(method + " " + p.getKey()),
                        List.copyOf(params.values()), schema, body.path("required").asBoolean(false),
                        List.copyOf(mediaTypes), responses, secured));
            }
        }
        return ops;
    }

    private static boolean hasSecurity(JsonNode security) {
        if (!security.isArray() || security.isEmpty()) {
            return false;
        }
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return false; // {} means "anonymous allowed"
            }
        }
        return true;
    }

    /** Follows a local {@code $ref} (repeatedly); other nodes come back unchanged. */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 20 && current != null && current.has("$ref"); i++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalArgumentException("only local $refs are supported: " + ref);
            }
            current = root.at(ref.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalArgumentException("unresolvable $ref " + ref);
            }
        }
        return current == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : current;
    }

    /**
     * A self-contained copy of a schema: refs inlined and {@code allOf} merged into one object schema
     * (properties and required unioned). Good enough for sample generation and diffing; validation uses the
     * original with refs.
     */
    public JsonNode flatten(JsonNode schema) {
        return flatten(schema, 0);
    }

    private JsonNode flatten(JsonNode schema, int depth) {
        if (depth > 30) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode s = resolve(schema);
        if (!s.isObject()) {
            return s;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (s.has("allOf")) {
            ObjectNode props = out.putObject("properties");
            Set<String> required = new LinkedHashSet<>();
            for (JsonNode part : s.get("allOf")) {
                JsonNode flat = flatten(part, depth + 1);
                flat.properties().forEach(e -> {
                    switch (e.getKey()) {
                        case "properties" -> props.setAll((ObjectNode) e.getValue());
                        case "required" -> e.getValue().forEach(r -> required.add(r.asText()));
                        default -> out.set(e.getKey(), e.getValue());
                    }
                });
            }
            ArrayNode req = out.putArray("required");
            required.forEach(req::add);
            out.put("type", "object");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = s.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            switch (e.getKey()) {
                case "allOf" -> { }
                case "properties" -> {
                    ObjectNode props = out.has("properties") ? (ObjectNode) out.get("properties") : out.putObject("properties");
                    e.getValue().properties().forEach(p -> props.set(p.getKey(), flatten(p.getValue(), depth + 1)));
                }
                case "items", "additionalProperties" -> out.set(e.getKey(),
                        e.getValue().isObject() ? flatten(e.getValue(), depth + 1) : e.getValue());
                case "oneOf", "anyOf" -> {
                    ArrayNode arr = out.putArray(e.getKey());
                    e.getValue().forEach(x -> arr.add(flatten(x, depth + 1)));
                }
                default -> out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The JSON schema of a response for a status and media type, if declared. */
    public Optional<JsonNode> responseSchema(Operation op, int status, String mediaType) {
        JsonNode response = op.responses().get(String.valueOf(status));
        if (response == null) {
            return Optional.empty();
        }
        JsonNode schema = response.path("content").path(mediaType).path("schema");
        return schema.isMissingNode() ? Optional.empty() : Optional.of(schema);
    }

    public List<String> responseMediaTypes(Operation op, int status) {
        JsonNode response = op.responses().get(String.valueOf(status));
        List<String> types = new ArrayList<>();
        if (response != null) {
            response.path("content").fieldNames().forEachRemaining(types::add);
        }
        return types;
    }
}
