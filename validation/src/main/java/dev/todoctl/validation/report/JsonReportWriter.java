package dev.todoctl.validation.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.todoctl.validation.http.Exchange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine-readable report: counts, suites, checks, and the redacted exchanges behind every failure. */
public final class JsonReportWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReportWriter() {
    }

    public static void write(Report report, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        MAPPER.writeValue(file.toFile(), toJson(report));
    }

    public static String render(Report report) {
        try {
            return MAPPER.writeValueAsString(toJson(report));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode toJson(Report report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", report.name());
        root.put("passed", report.passed());
        root.put("started_at", report.startedAt().toString());
        root.put("duration_ms", report.duration().toMillis());
        root.set("counts", counts(report.total(), report.count(Outcome.PASSED), report.count(Outcome.FAILED),
                report.count(Outcome.SKIPPED)));
        ArrayNode suites = root.putArray("suites");
        for (SuiteResult s : report.suites()) {
            ObjectNode sn = suites.addObject();
            sn.put("name", s.name());
            sn.put("passed", s.passed());
            sn.put("duration_ms", s.duration().toMillis());
            sn.set("counts", counts(s.checks().size(), s.count(Outcome.PASSED), s.count(Outcome.FAILED),
                    s.count(Outcome.SKIPPED)));
            ArrayNode checks = sn.putArray("checks");
            for (CheckResult c : s.checks()) {
                ObjectNode cn = checks.addObject();
                cn.put("name", c.name());
                cn.put("outcome", c.outcome().name().toLowerCase(java.util.Locale.ROOT));
                cn.put("duration_ms", c.duration().toMillis());
                if (!c.message().isEmpty()) {
                    cn.put("message", c.message());
                }
                if (!c.evidence().isEmpty()) {
                    ArrayNode ev = cn.putArray("evidence");
                    for (Exchange e : c.evidence()) {
                        ev.add(exchange(e));
                    }
                }
            }
        }
        return root;
    }

    static ObjectNode exchange(Exchange e) {
        ObjectNode n = MAPPER.createObjectNode();
        ObjectNode req = n.putObject("request");
        req.put("method", e.method());
        req.put("url", e.url());
        req.set("headers", MAPPER.valueToTree(e.requestHeaders()));
        if (e.requestBody() != null) {
            req.put("body", e.requestBody());
        }
        ObjectNode res = n.putObject("response");
        res.put("status", e.status());
        res.set("headers", MAPPER.valueToTree(e.responseHeaders()));
        res.put("body", e.responseBody());
        n.put("duration_ms", e.duration().toMillis());
        return n;
    }

    private static ObjectNode counts(long total, long passed, long failed, long skipped) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("total", total);
        n.put("passed", passed);
        n.put("failed", failed);
        n.put("skipped", skipped);
        return n;
    }
}
