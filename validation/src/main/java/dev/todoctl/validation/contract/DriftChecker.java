package dev.todoctl.validation.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.contract.Change.Severity;
import dev.todoctl.validation.contract.OpenApiDocument.Operation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Diffs the frozen contract against the live one from a client's point of view. Breaking: a removed path,
 * method, response code, parameter or response field; a new required request field or parameter; a changed
 * type or enum (except enum values added to a request, which old clients never send); an operation that starts
 * requiring a token; a response field that becomes optional or nullable. Everything added is compatible.
 */
public final class DriftChecker {
    private enum Direction { REQUEST, RESPONSE }

    private DriftChecker() {
    }

    public static List<Change> diff(OpenApiDocument frozen, OpenApiDocument live) {
        List<Change> changes = new ArrayList<>();
        Map<String, Operation> before = index(frozen);
        Map<String, Operation> after = index(live);
        Set<String> paths = new LinkedHashSet<>();
        frozen.root().path("paths").fieldNames().forEachRemaining(paths::add);
        Set<String> livePaths = new LinkedHashSet<>();
        live.root().path("paths").fieldNames().forEachRemaining(livePaths::add);
        for (String p : paths) {
            if (!livePaths.contains(p)) {
                changes.add(new Change(Severity.BREAKING, p, "path removed"));
            }
        }
        for (String p : livePaths) {
            if (!paths.contains(p)) {
                changes.add(new Change(Severity.COMPATIBLE, p, "path added"));
            }
        }
        for (Map.Entry<String, Operation> e : before.entrySet()) {
            Operation old = e.getValue();
            Operation now = after.get(e.getKey());
            if (now == null) {
                if (livePaths.contains(old.path())) {
                    changes.add(new Change(Severity.BREAKING, old.label(), "method removed"));
                }
                continue;
            }
            compareOperation(frozen, live, old, now, changes);
        }
        for (Map.Entry<String, Operation> e : after.entrySet()) {
            if (!before.containsKey(e.getKey()) && paths.contains(e.getValue().path())) {
                changes.add(new Change(Severity.COMPATIBLE, e.getValue().label(), "method added"));
            }
        }
        return changes;
    }

    private static Map<String, Operation> index(OpenApiDocument doc) {
        Map<String, Operation> ops = new java.util.LinkedHashMap<>();
        for (Operation op : doc.operations()) {
            ops.put(op.label(), op);
        }
        return ops;
    }

    private static void compareOperation(OpenApiDocument fd, OpenApiDocument ld, Operation old, Operation now,
                                         List<Change> out) {
        String at = old.label();
        if (!old.secured() && now.secured()) {
            out.add(new Change(Severity.BREAKING, at, "now requires a bearer token"));
        } else if (old.secured() && !now.secured()) {
            out.add(new Change(Severity.COMPATIBLE, at, "no longer requires a bearer token"));
        }
        // parameters
        Map<String, JsonNode> oldParams = new HashMap<>();
        old.parameters().forEach(p -> oldParams.put(p.path("in").asText() + ":" + p.path("name").asText(), p));
        Map<String, JsonNode> newParams = new HashMap<>();
        now.parameters().forEach(p -> newParams.put(p.path("in").asText() + ":" + p.path("name").asText(), p));
        for (Map.Entry<String, JsonNode> e : oldParams.entrySet()) {
            JsonNode np = newParams.get(e.getKey());
            String where = at + " parameter " + e.getKey();
            if (np == null) {
                out.add(new Change(Severity.BREAKING, where, "parameter removed"));
                continue;
            }
            if (!e.getValue().path("required").asBoolean() && np.path("required").asBoolean()) {
                out.add(new Change(Severity.BREAKING, where, "parameter became required"));
            }
            compareSchema(fd.flatten(e.getValue().path("schema")), ld.flatten(np.path("schema")), where,
                    Direction.REQUEST, out);
        }
        for (Map.Entry<String, JsonNode> e : newParams.entrySet()) {
            if (!oldParams.containsKey(e.getKey())) {
                boolean required = e.getValue().path("required").asBoolean();
                out.add(new Change(required ? Severity.BREAKING : Severity.COMPATIBLE, at + " parameter " + e.getKey(),
                        required ? "new required parameter" : "new optional parameter"));
            }
        }
        // request body
        if (!old.requestRequired() && now.requestRequired()) {
            out.add(new Change(Severity.BREAKING, at + " request body", "request body became required"));
        }
        if (old.requestSchema().isPresent() && now.requestSchema().isPresent()) {
            compareSchema(fd.flatten(old.requestSchema().get()), ld.flatten(now.requestSchema().get()),
                    at + " request", Direction.REQUEST, out);
        } else if (old.requestSchema().isPresent()) {
            out.add(new Change(Severity.BREAKING, at + " request body", "JSON request body no longer accepted"));
        } else if (now.requestSchema().isPresent() && now.requestRequired()) {
            out.add(new Change(Severity.BREAKING, at + " request body", "new required request body"));
        }
        // responses
        for (Map.Entry<String, JsonNode> e : old.responses().entrySet()) {
            String code = e.getKey();
            JsonNode nr = now.responses().get(code);
            String where = at + " response " + code;
            if (nr == null) {
                out.add(new Change(Severity.BREAKING, where, "response code removed"));
                continue;
            }
            JsonNode oldContent = e.getValue().path("content");
            JsonNode newContent = nr.path("content");
            oldContent.fieldNames().forEachRemaining(mt -> {
                if (!newContent.has(mt)) {
                    out.add(new Change(Severity.BREAKING, where + " " + mt, "media type removed"));
                } else {
                    compareSchema(fd.flatten(oldContent.path(mt).path("schema")),
                            ld.flatten(newContent.path(mt).path("schema")), where, Direction.RESPONSE, out);
                }
            });
        }
        for (String code : now.responses().keySet()) {
            if (!old.responses().containsKey(code)) {
                out.add(new Change(Severity.COMPATIBLE, at + " response " + code, "response code added"));
            }
        }
    }

    private static void compareSchema(JsonNode old, JsonNode now, String where, Direction dir, List<Change> out) {
        if (old.isMissingNode() || now.isMissingNode()) {
            return;
        }
        String oldType = old.path("type").asText("");
        String newType = now.path("type").asText("");
        if (!oldType.equals(newType)) {
            out.add(new Change(Severity.BREAKING, where, "type changed from " + show(oldType) + " to "
                    + show(newType)));
            return;
        }
        compareEnum(old, now, where, dir, out);
        boolean oldNullable = old.path("nullable").asBoolean(false);
        boolean newNullable = now.path("nullable").asBoolean(false);
        if (oldNullable != newNullable) {
            boolean breaking = dir == Direction.RESPONSE ? newNullable : oldNullable;
            out.add(new Change(breaking ? Severity.BREAKING : Severity.COMPATIBLE, where,
                    newNullable ? "became nullable" : "no longer nullable"));
        }
        if (dir == Direction.REQUEST) {
            compareLimits(old, now, where, out);
        }
        JsonNode oldProps = old.path("properties");
        JsonNode newProps = now.path("properties");
        Set<String> oldRequired = names(old.path("required"));
        Set<String> newRequired = names(now.path("required"));
        oldProps.fieldNames().forEachRemaining(name -> {
            String field = where + " ." + name;
            if (!newProps.has(name)) {
                out.add(new Change(Severity.BREAKING, field,
                        dir == Direction.RESPONSE ? "response field removed" : "request field removed"));
                return;
            }
            compareSchema(oldProps.get(name), newProps.get(name), field, dir, out);
        });
        newProps.fieldNames().forEachRemaining(name -> {
            if (!oldProps.has(name)) {
                boolean required = newRequired.contains(name);
                boolean breaking = dir == Direction.REQUEST && required;
                out.add(new Change(breaking ? Severity.BREAKING : Severity.COMPATIBLE, where + " ." + name,
                        breaking ? "new required request field" : "field added"));
            }
        });
        for (String name : newRequired) {
            if (!oldRequired.contains(name) && oldProps.has(name) && dir == Direction.REQUEST) {
                out.add(new Change(Severity.BREAKING, where + " ." + name, "request field became required"));
            }
        }
        for (String name : oldRequired) {
            if (!newRequired.contains(name) && dir == Direction.RESPONSE && newProps.has(name)) {
                out.add(new Change(Severity.BREAKING, where + " ." + name, "response field no longer required"));
            }
        }
        if (old.has("items") || now.has("items")) {
            compareSchema(old.path("items"), now.path("items"), where + "[]", dir, out);
        }
    }

    private static void compareEnum(JsonNode old, JsonNode now, String where, Direction dir, List<Change> out) {
        Set<String> oldEnum = names(old.path("enum"));
        Set<String> newEnum = names(now.path("enum"));
        if (oldEnum.equals(newEnum)) {
            return;
        }
        Set<String> removed = new LinkedHashSet<>(oldEnum);
        removed.removeAll(newEnum);
        Set<String> added = new LinkedHashSet<>(newEnum);
        added.removeAll(oldEnum);
        if (oldEnum.isEmpty()) {
            out.add(new Change(dir == Direction.REQUEST ? Severity.BREAKING : Severity.COMPATIBLE, where,
                    "now restricted to enum " + newEnum));
            return;
        }
        if (newEnum.isEmpty()) {
            out.add(new Change(dir == Direction.RESPONSE ? Severity.BREAKING : Severity.COMPATIBLE, where,
                    "enum restriction " + oldEnum + " dropped"));
            return;
        }
        // Removed values break both sides; added values break only readers (responses).
        boolean breaking = !removed.isEmpty() || !added.isEmpty() && dir == Direction.RESPONSE;
        out.add(new Change(breaking ? Severity.BREAKING : Severity.COMPATIBLE, where, "enum changed from " + oldEnum
                + " to " + newEnum + (removed.isEmpty() ? "" : " (removed " + removed + ")")
                + (added.isEmpty() ? "" : " (added " + added + ")")));
    }

    /** Request limits that got tighter reject what old clients send. */
    private static void compareLimits(JsonNode old, JsonNode now, String where, List<Change> out) {
        for (String key : List.of("maxLength", "maximum", "maxItems")) {
            if (now.has(key) && (!old.has(key) || now.get(key).asDouble() < old.get(key).asDouble())) {
                out.add(new Change(Severity.BREAKING, where, key + " tightened to " + now.get(key).asText()));
            }
        }
        for (String key : List.of("minLength", "minimum", "minItems")) {
            if (now.has(key) && (!old.has(key) || now.get(key).asDouble() > old.get(key).asDouble())) {
                out.add(new Change(Severity.BREAKING, where, key + " tightened to " + now.get(key).asText()));
            }
        }
    }

    private static Set<String> names(JsonNode array) {
        Set<String> s = new LinkedHashSet<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    private static String show(String type) {
        return type.isEmpty() ? "(untyped)" : type;
    }
}
