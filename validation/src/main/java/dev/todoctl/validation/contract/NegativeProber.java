package dev.todoctl.validation.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todoctl.validation.contract.OpenApiDocument.Operation;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.TodoClient;
import dev.todoctl.validation.report.CheckResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Client mistakes generated from the contract's schemas: no token, malformed JSON, non-JSON body, oversized
 * body, a missing required field, a wrong type, a too-long or too-short string, a bad enum or format, a bad
 * query parameter, an unknown id and another user's id. Each must get the specific documented 4xx (
 * 400 malformed/bad query, 401 token, 404 unknown or foreign id, 413 size, 415 media type, 422 validation)
 * with a body matching the documented Error schema — never a 5xx.
 */
final class NegativeProber {
    /** Operations whose errors are in-band (JSON-RPC answers 200 with an error object): no body probes. */
    static final Map<String, String> IN_BAND_ERRORS = Map.of("mcp",
            "JSON-RPC reports malformed requests in-band (HTTP 200 with an error member), not as a 4xx");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final OpenApiDocument doc;
    private final SchemaValidator validator;
    private final TodoClient client;
    private final ContractFixtures fixtures;

    NegativeProber(OpenApiDocument doc, SchemaValidator validator, TodoClient client, ContractFixtures fixtures) {
        this.doc = doc;
        this.validator = validator;
        this.client = client;
        this.fixtures = fixtures;
    }

    /** One generated mistake: how to break a valid call and the status that must come back. */
    private enum Token { OWNER, OTHER_USER, NONE, GARBAGE }

    private record ForeignRef(String field, String collection, ObjectNode body) {
    }

    /** {@code foreignRef}: a body field to fill with the id of another user's resource in that collection. */
    private record Probe(String name, int expected, Token token, Optional<String> rawBody, String contentType,
                         String query, boolean unknownId, Optional<ForeignRef> foreignRef) {
        Probe(String name, int expected, Token token, Optional<String> rawBody, String contentType, String query,
              boolean unknownId) {
            this(name, expected, token, rawBody, contentType, query, unknownId, Optional.empty());
        }

        static Probe body(String name, int expected, String raw) {
            return new Probe(name, expected, Token.OWNER, Optional.of(raw), "application/json", "", false);
        }
    }

    List<CheckResult> run() {
        TodoClient.User owner = fixtures.newUser("probe-owner");
        TodoClient.User other = fixtures.newUser("probe-other");
        List<CheckResult> results = new ArrayList<>();
        for (Operation op : doc.operations()) {
            for (Probe p : probes(op)) {
                results.add(run(op, p, owner, other));
            }
            String reason = IN_BAND_ERRORS.get(op.operationId());
            if (reason != null && op.requestSchema().isPresent()) {
                results.add(CheckResult.skipped(op.label() + ": body probes", reason));
            }
        }
        return results;
    }

    private List<Probe> probes(Operation op) {
        List<Probe> probes = new ArrayList<>();
        Set<Integer> documented = op.statuses();
        if (op.secured() && documented.contains(401)) {
            probes.add(new Probe("no token", 401, Token.NONE, Optional.empty(), null, "", false));
            probes.add(new Probe("garbage token", 401, Token.GARBAGE, Optional.empty(), null, "", false));
        }
        boolean hasPathId = op.path().contains("{");
        if (hasPathId && documented.contains(404)) {
            probes.add(new Probe("another user's id", 404, Token.OTHER_USER, Optional.empty(), null, "", false));
            probes.add(new Probe("unknown id", 404, Token.OWNER, Optional.empty(), null, "", true));
        }
        for (JsonNode param : op.parameters("query")) {
            if (!documented.contains(400)) {
                break;
            }
            JsonNode schema = doc.flatten(param.path("schema"));
            String name = param.path("name").asText();
            if (schema.has("enum")) {
                probes.add(query("query " + name + ": value outside enum", name + "=not-a-valid-" + name));
            }
            if (schema.path("type").asText().equals("integer")) {
                probes.add(query("query " + name + ": not an integer", name + "=abc"));
                if (schema.has("maximum")) {
                    probes.add(query("query " + name + ": above maximum", name + "=" + (schema.get("maximum").asLong() + 1)));
                }
                if (schema.has("minimum")) {
                    probes.add(query("query " + name + ": below minimum", name + "=" + (schema.get("minimum").asLong() - 1)));
                }
            }
            if (schema.path("format").asText().equals("date")) {
                probes.add(query("query " + name + ": not a date", name + "=2026-13-45"));
            }
        }
        if (op.requestSchema().isEmpty() || IN_BAND_ERRORS.containsKey(op.operationId())) {
            return probes;
        }
        JsonNode schema = doc.flatten(op.requestSchema().get());
        JsonNode valid = SampleGenerator.sample(schema);
        if (documented.contains(400)) {
            probes.add(Probe.body("malformed JSON", 400, "{\"title\": \"unterminated"));
            // the api contract: a non-object top level, trailing content and duplicate keys are malformed JSON too
            if (schema.path("type").asText("object").equals("object")) {
                probes.add(Probe.body("JSON array instead of object", 400, "[]"));
            }
            probes.add(Probe.body("trailing content after the object", 400, valid + " trailing"));
        }
        if (documented.contains(415)) {
            probes.add(new Probe("non-JSON content type", 415, Token.OWNER, Optional.of("title=hello"),
                    "application/x-www-form-urlencoded", "", false));
        }
        if (documented.contains(413)) {
            ObjectNode big = valid.deepCopy();
            big.put("padding", "x".repeat(70 * 1024));
            probes.add(Probe.body("body over 64 KiB", 413, big.toString()));
        }
        if (!documented.contains(422)) {
            return probes;
        }
        schema.path("required").forEach(r -> {
            ObjectNode b = valid.deepCopy();
            b.remove(r.asText());
            probes.add(Probe.body("missing required field " + r.asText(), 422, b.toString()));
        });
        if (documented.contains(404)) {
            // a body field like conversation_id that points at another user's resource: 404, as for path ids
            schema.path("properties").fieldNames().forEachRemaining(field -> {
                String collection = referencedCollection(op, field);
                if (collection != null) {
                    probes.add(new Probe("another user's " + field, 404, Token.OWNER, Optional.empty(),
                            "application/json", "", false,
                            Optional.of(new ForeignRef(field, collection, (ObjectNode) valid.deepCopy()))));
                }
            });
        }
        schema.path("properties").properties().forEach(e -> {
            String field = e.getKey();
            JsonNode ps = e.getValue();
            ObjectNode wrong = valid.deepCopy();
            wrong.set(field, wrongType(ps));
            probes.add(Probe.body("wrong type for " + field, 422, wrong.toString()));
            if (ps.has("maxLength")) {
                ObjectNode b = valid.deepCopy();
                b.put(field, "y".repeat(ps.get("maxLength").asInt() + 1));
                probes.add(Probe.body("too-long " + field, 422, b.toString()));
            }
            if (ps.path("minLength").asInt(0) > 0) {
                ObjectNode b = valid.deepCopy();
                b.put(field, "y".repeat(ps.get("minLength").asInt() - 1));
                probes.add(Probe.body("too-short " + field, 422, b.toString()));
            }
            if (ps.has("enum")) {
                ObjectNode b = valid.deepCopy();
                b.put(field, "not-a-valid-" + field);
                probes.add(Probe.body("bad enum for " + field, 422, b.toString()));
            }
            if (ps.path("format").asText().equals("date") || ps.path("format").asText().equals("email")) {
                ObjectNode b = valid.deepCopy();
                b.put(field, "not-a-" + ps.get("format").asText());
                probes.add(Probe.body("bad " + ps.get("format").asText() + " for " + field, 422, b.toString()));
            }
            if (ps.has("maxItems")) {
                ObjectNode b = valid.deepCopy();
                var arr = b.putArray(field);
                for (int i = 0; i <= ps.get("maxItems").asInt(); i++) {
                    arr.add("t" + i);
                }
                probes.add(Probe.body("too many items in " + field, 422, b.toString()));
            }
        });
        return probes;
    }

    /** {@code conversation_id} → {@code /api/v1/conversations} when the contract has items under that path. */
    private String referencedCollection(Operation op, String field) {
        if (!field.endsWith("_id")) {
            return null;
        }
        String base = op.path().substring(0, op.path().lastIndexOf('/') + 1);
        String collection = base + field.substring(0, field.length() - 3) + "s";
        java.util.Iterator<String> paths = doc.root().path("paths").fieldNames();
        while (paths.hasNext()) {
            if (paths.next().startsWith(collection + "/{")) {
                return collection;
            }
        }
        return null;
    }

    private static Probe query(String name, String query) {
        return new Probe(name, 400, Token.OWNER, Optional.empty(), null, query, false);
    }

    private static JsonNode wrongType(JsonNode schema) {
        return switch (schema.path("type").asText("string")) {
            case "string" -> F.numberNode(12345);
            case "integer", "number" -> F.textNode("not-a-number");
            case "boolean" -> F.textNode("not-a-boolean");
            case "array" -> F.textNode("not-an-array");
            default -> F.numberNode(7);
        };
    }

    private CheckResult run(Operation op, Probe p, TodoClient.User owner, TodoClient.User other) {
        String name = op.label() + ": " + p.name();
        long start = System.nanoTime();
        HttpProbe.Reply reply;
        try {
            String path = p.unknownId() ? op.path().replaceAll("\\{[^}]+}", "999999999")
                    : fixtures.pathFor(op, owner);
            if (!p.query().isEmpty()) {
                path = path + "?" + p.query();
            }
            HttpProbe.Call call = HttpProbe.Call.of(op.method().toUpperCase(java.util.Locale.ROOT), client.url(path));
            call = switch (p.token()) {
                case OWNER -> call.bearer(owner.token());
                case OTHER_USER -> call.bearer(other.token());
                case GARBAGE -> call.bearer("not.a.jwt");
                case NONE -> call;
            };
            if (p.foreignRef().isPresent()) {
                ForeignRef ref = p.foreignRef().get();
                ref.body().put(ref.field(), fixtures.idIn(ref.collection(), other));
                call = call.json(ref.body());
            } else if (p.rawBody().isPresent()) {
                call = call.body(p.rawBody().get(), p.contentType());
            } else {
                Optional<JsonNode> body = fixtures.bodyFor(op, owner);
                if (body.isPresent()) {
                    call = call.json(body.get());
                }
            }
            reply = client.http().send(call);
        } catch (RuntimeException e) {
            return CheckResult.failed(name, "could not prepare the probe: " + e.getMessage(),
                    ConformanceChecker.since(start), client.http().recent(3));
        }
        List<String> problems = new ArrayList<>();
        if (reply.status() >= 500 || reply.status() < 0) {
            problems.add("a client mistake got " + (reply.status() < 0 ? "no response" : "HTTP " + reply.status())
                    + "; it must be a documented 4xx");
        } else {
            problems.addAll(ConformanceChecker.verify(doc, validator, op, reply, p.expected()));
            if (reply.status() >= 400 && reply.status() < 500 && reply.json() != null
                    && !reply.json().path("error").path("code").isTextual()) {
                problems.add("error body lacks error.code");
            }
        }
        return problems.isEmpty() ? CheckResult.passed(name, ConformanceChecker.since(start))
                : CheckResult.failed(name, String.join("\n", problems), ConformanceChecker.since(start),
                List.of(reply.exchange()));
    }
}
