package dev.todoctl.validation.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.todoctl.validation.contract.OpenApiDocument.Operation;
import dev.todoctl.validation.http.HttpProbe;
import dev.todoctl.validation.http.TodoClient;
import dev.todoctl.validation.report.CheckResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calls every operation of the frozen contract once with valid inputs (fresh user, own resources) and checks
 * the status is the documented success status, the media type is documented and a JSON body matches its schema.
 */
final class ConformanceChecker {
    private final OpenApiDocument doc;
    private final SchemaValidator validator;
    private final TodoClient client;
    private final ContractFixtures fixtures;

    ConformanceChecker(OpenApiDocument doc, SchemaValidator validator, TodoClient client, ContractFixtures fixtures) {
        this.doc = doc;
        this.validator = validator;
        this.client = client;
        this.fixtures = fixtures;
    }

    List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        TodoClient.User user = fixtures.newUser("conformance");
        for (Operation op : doc.operations()) {
            results.add(check(op, user, false));
            if (!op.parameters("query").isEmpty()) {
                results.add(check(op, user, true));
            }
        }
        return results;
    }

    private CheckResult check(Operation op, TodoClient.User user, boolean withQuery) {
        String name = op.label() + " (" + op.operationId() + ")" + (withQuery ? " with every query parameter" : "");
        long start = System.nanoTime();
        HttpProbe.Reply reply;
        try {
            String path = fixtures.pathFor(op, user) + (withQuery ? "?" + sampleQuery(op) : "");
            HttpProbe.Call call = HttpProbe.Call.of(op.method().toUpperCase(java.util.Locale.ROOT), client.url(path));
            if (op.secured()) {
                call = call.bearer(user.token());
            }
            Optional<JsonNode> body = fixtures.bodyFor(op, user);
            if (body.isPresent()) {
                call = call.json(body.get());
            }
            reply = client.http().send(call);
        } catch (RuntimeException e) {
            return CheckResult.failed(name, "could not prepare the call: " + e.getMessage(), since(start),
                    client.http().recent(3));
        }
        List<String> problems = verify(doc, validator, op, reply, op.successStatus());
        return problems.isEmpty() ? CheckResult.passed(name, since(start))
                : CheckResult.failed(name, String.join("\n", problems), since(start), List.of(reply.exchange()));
    }

    /** Every query parameter with a valid sample value (URL-encoded). */
    private String sampleQuery(Operation op) {
        StringBuilder q = new StringBuilder();
        for (JsonNode param : op.parameters("query")) {
            JsonNode value = SampleGenerator.sample(doc.flatten(param.path("schema")));
            if (q.length() > 0) {
                q.append('&');
            }
            q.append(java.net.URLEncoder.encode(param.path("name").asText(), java.nio.charset.StandardCharsets.UTF_8))
                    .append('=')
                    .append(java.net.URLEncoder.encode(value.asText(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    /** Problems with a reply to {@code op} expected to have {@code expected} status. Shared with the probes. */
    static List<String> verify(OpenApiDocument doc, SchemaValidator validator, Operation op, HttpProbe.Reply reply,
                               int expected) {
        List<String> problems = new ArrayList<>();
        if (reply.status() != expected) {
            problems.add("expected HTTP " + expected + ", got " + (reply.status() < 0 ? "no response"
                    : "HTTP " + reply.status()) + (op.statuses().contains(reply.status()) ? ""
                    : " (undocumented for this operation)"));
            if (!op.statuses().contains(reply.status())) {
                return problems;
            }
        }
        List<String> mediaTypes = doc.responseMediaTypes(op, reply.status());
        if (mediaTypes.isEmpty()) {
            return problems; // no body documented (e.g. 204)
        }
        String contentType = reply.contentType().toLowerCase(java.util.Locale.ROOT);
        Optional<String> matched = mediaTypes.stream().filter(contentType::startsWith).findFirst();
        if (matched.isEmpty()) {
            problems.add("Content-Type '" + reply.contentType() + "' is not one of the documented " + mediaTypes);
            return problems;
        }
        if (matched.get().contains("json")) {
            if (reply.json() == null) {
                problems.add("body is not JSON");
                return problems;
            }
            doc.responseSchema(op, reply.status(), matched.get()).ifPresent(schema ->
                    validator.validate(schema, reply.json()).forEach(v -> problems.add("schema: " + v)));
        } else if (reply.body().isBlank()) {
            problems.add("empty " + matched.get() + " body");
        }
        return problems;
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
