package dev.todoctl.validation.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JSON against a schema from the contract with networknt's OpenAPI 3.0 dialect ({@code nullable},
 * {@code format} assertions on). The schema is wrapped in a document that carries the contract's
 * {@code components}, so its {@code #/components/...} references resolve as they do in the contract.
 */
public final class SchemaValidator {
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(),
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private final JsonNode components;
    private final Map<String, Schema> cache = new ConcurrentHashMap<>();

    public SchemaValidator(OpenApiDocument doc) {
        this.components = doc.root().path("components");
    }

    /** Human-readable violations; empty when the instance conforms. */
    public List<String> validate(JsonNode schema, JsonNode instance) {
        Schema compiled = cache.computeIfAbsent(schema.toString(), k -> compile(schema));
        List<Error> errors = compiled.validate(instance);
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    private Schema compile(JsonNode schema) {
        ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
        wrapper.set("components", components);
        wrapper.putArray("allOf").add(schema);
        return registry.getSchema(SchemaLocation.of("urn:todoctl:contract"), wrapper);
    }
}
