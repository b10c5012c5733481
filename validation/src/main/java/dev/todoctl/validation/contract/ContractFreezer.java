package dev.todoctl.validation.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.Redactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Freezes the live contract: fetches {@code /openapi}, normalises it (stable key order, no {@code servers},
 * since they name one deployment, not the API) and writes YAML. Freezing twice from the same app gives the same
 * bytes, so the frozen file diffs cleanly in review.
 */
public final class ContractFreezer {
    /** Top-level keys in the order people read them; everything else is alphabetical. */
    private static final List<String> TOP_ORDER = List.of("openapi", "info", "tags", "security", "paths",
            "components");
    private static final ObjectMapper YAML_OUT = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // or the string '2.0' comes back as the number 2.0
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private final HttpProbe http;

    public ContractFreezer(Duration timeout) {
        this.http = new HttpProbe(timeout, Redactor.none());
    }

    /** Fetches the live document from {@code apiUrl + /openapi} (asking for JSON). */
    public OpenApiDocument fetch(String apiUrl) {
        HttpProbe.Reply reply = http.send(HttpProbe.Call.get(strip(apiUrl) + "/openapi")
                .header("Accept", "application/json"));
        if (reply.status() != 200) {
            throw new ContractException("GET " + apiUrl + "/openapi answered "
                    + (reply.status() < 0 ? reply.body() : "HTTP " + reply.status()));
        }
        return OpenApiDocument.parse(reply.body());
    }

    /** Fetches, normalises and writes the contract; returns the normalised document. */
    public OpenApiDocument freeze(String apiUrl, Path file) throws IOException {
        OpenApiDocument doc = normalise(fetch(apiUrl));
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, toYaml(doc));
        return doc;
    }

    public static OpenApiDocument normalise(OpenApiDocument doc) {
        ObjectNode in = (ObjectNode) doc.root();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String key : TOP_ORDER) {
            if (in.has(key)) {
                out.set(key, key.equals("paths") ? sortedPaths(in.get(key)) : sorted(in.get(key)));
            }
        }
        TreeMap<String, JsonNode> rest = new TreeMap<>();
        in.properties().forEach(e -> {
            if (!TOP_ORDER.contains(e.getKey()) && !e.getKey().equals("servers")) {
                rest.put(e.getKey(), sorted(e.getValue()));
            }
        });
        rest.forEach(out::set);
        return new OpenApiDocument(out);
    }

    public static String toYaml(OpenApiDocument doc) {
        try {
            return YAML_OUT.writeValueAsString(doc.root());
        } catch (IOException e) {
            throw new ContractException("cannot write YAML: " + e.getMessage());
        }
    }

    /** Paths alphabetically, methods in HTTP order (parameters first) — the order a reader expects. */
    private static JsonNode sortedPaths(JsonNode paths) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        TreeMap<String, JsonNode> byPath = new TreeMap<>();
        paths.properties().forEach(e -> byPath.put(e.getKey(), e.getValue()));
        byPath.forEach((path, item) -> {
            ObjectNode sortedItem = JsonNodeFactory.instance.objectNode();
            List<String> order = new ArrayList<>(List.of("summary", "description", "parameters"));
            order.addAll(OpenApiDocument.METHODS);
            for (String key : order) {
                if (item.has(key)) {
                    JsonNode value = sorted(item.get(key));
                    if (value instanceof ObjectNode op && OpenApiDocument.METHODS.contains(key)) {
                        op.remove("servers");
                    }
                    sortedItem.set(key, value);
                }
            }
            TreeMap<String, JsonNode> others = new TreeMap<>();
            item.properties().forEach(e -> {
                if (!order.contains(e.getKey()) && !e.getKey().equals("servers")) {
                    others.put(e.getKey(), sorted(e.getValue()));
                }
            });
            others.forEach(sortedItem::set);
            out.set(path, sortedItem);
        });
        return out;
    }

    /** Object keys alphabetically, recursively; arrays keep their order (it can mean something). */
    static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.put(e.getKey(), e.getValue());
            }
            fields.forEach((k, v) -> out.set(k, sorted(v)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(v -> out.add(sorted(v)));
            return out;
        }
        return node;
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
