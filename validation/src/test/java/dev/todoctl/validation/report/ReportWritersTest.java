package dev.todoctl.validation.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.todoctl.validation.http.Exchange;
import dev.todoctl.validation.http.Redactor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("report writers")
class ReportWritersTest {
    static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";

    static Report sample() {
        Exchange ex = new Exchange("POST", "http://api/api/v1/tasks", Map.of("Authorization", "Bearer ****"),
                "{\"title\": <broken & \"quoted\">", 500, Map.of("content-type", "application/json"),
                "{\"error\":{\"code\":\"internal_error\",\"message\":\"boom\"}}", Duration.ofMillis(12));
        SuiteResult a = new SuiteResult("e2e 1: health", List.of(
                CheckResult.passed("live", Duration.ofMillis(3)),
                CheckResult.passed("restart", Duration.ofMillis(1500), "recovered in 1500 ms"),
                CheckResult.skipped("web", "no web URL given")), Duration.ofMillis(1600));
        SuiteResult b = new SuiteResult("contract: negative probes", List.of(
                CheckResult.failed("POST /api/v1/tasks: malformed JSON", "a client mistake got HTTP 500\nsecond line",
                        Duration.ofMillis(12), List.of(ex))), Duration.ofMillis(20));
        return new Report.Simple("todoctl", Instant.parse("2026-11-21T23:00:00Z"), Duration.ofMillis(1620),
                List.of(a, b));
    }

    @Test
    void junitXmlHasOneTestsuitePerSuiteAndFailuresWithRequestAndResponse() throws Exception {
        String xml = JUnitXmlWriter.render(sample());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("4");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        assertThat(root.getAttribute("skipped")).isEqualTo("1");
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        assertThat(((Element) suites.item(1)).getAttribute("name")).isEqualTo("contract: negative probes");
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("a client mistake got HTTP 500");
        assertThat(failure.getTextContent()).contains("POST http://api/api/v1/tasks")
                .contains("{\"title\": <broken & \"quoted\">").contains("HTTP 500").contains("internal_error");
        assertThat(((Element) doc.getElementsByTagName("skipped").item(0)).getAttribute("message"))
                .isEqualTo("no web URL given");
        assertThat(doc.getElementsByTagName("system-out").item(0).getTextContent()).isEqualTo("recovered in 1500 ms");
    }

    @Test
    void jsonReportHasCountsAndEvidence() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonReportWriter.render(sample()));
        assertThat(json.path("passed").asBoolean()).isFalse();
        assertThat(json.path("counts").path("failed").asInt()).isEqualTo(1);
        assertThat(json.path("counts").path("total").asInt()).isEqualTo(4);
        JsonNode failed = json.path("suites").get(1).path("checks").get(0);
        assertThat(failed.path("outcome").asText()).isEqualTo("failed");
        assertThat(failed.path("evidence").get(0).path("response").path("status").asInt()).isEqualTo(500);
        assertThat(failed.path("evidence").get(0).path("request").path("headers").path("Authorization").asText())
                .isEqualTo("Bearer ****");
    }

    @Test
    void summaryTableListsSuitesAndFailures() {
        String table = SummaryTable.render(sample());
        assertThat(table).contains("e2e 1: health").contains("FAILED contract: negative probes › POST /api/v1/tasks")
                .contains("skipped e2e 1: health › web: no web URL given")
                .contains("note e2e 1: health › restart: recovered in 1500 ms")
                .contains("    POST http://api/api/v1/tasks")
                .contains("request headers: {Authorization=Bearer ****}")
                .contains("response headers: {content-type=application/json}");
        assertThat(table.lines().filter(l -> l.startsWith("FAILED ")).count()).isEqualTo(2); // total row + failure
    }

    @Test
    void combineMergesSuites() {
        Report both = Report.combine("all", List.of(sample(), sample()));
        assertThat(both.suites()).hasSize(4);
        assertThat(both.count(Outcome.FAILED)).isEqualTo(2);
    }

    @Test
    void evidenceBundleOnlyOnFailure(@TempDir Path tmp) throws Exception {
        assertThat(EvidenceBundle.writeIfFailed(sample(), dev.todoctl.validation.TargetHooks.NONE, Redactor.none(),
                tmp.resolve("ev"))).isPresent();
        assertThat(tmp.resolve("ev/summary.txt")).exists();
        assertThat(tmp.resolve("ev/report.json")).exists();
        assertThat(tmp.resolve("ev/logs-unavailable.txt")).exists();
        assertThat(tmp.resolve("ev/failures")).isDirectoryContaining(p -> p.toString().endsWith(".txt"));
        Report ok = new Report.Simple("ok", Instant.now(), Duration.ZERO, List.of());
        assertThat(EvidenceBundle.writeIfFailed(ok, dev.todoctl.validation.TargetHooks.NONE, Redactor.none(),
                tmp.resolve("none"))).isEmpty();
    }

    @Test
    void redactorMasksHeadersTokensPasswordsAndKnownSecrets() {
        Redactor r = new Redactor(List.of("s3cret-value-123"));
        assertThat(r.header("Authorization", "Bearer " + TOKEN)).isEqualTo("Bearer ****");
        assertThat(r.text("{\"token\":\"" + TOKEN + "\",\"password\":\"hunter22\"}"))
                .isEqualTo("{\"token\":\"****\",\"password\":\"****\"}");
        assertThat(r.text("jwt " + TOKEN + " in a log")).isEqualTo("jwt **** in a log");
        assertThat(r.text("JWT_SECRET=s3cret-value-123")).isEqualTo("JWT_SECRET=****");
        assertThat(r.text("authorization: bearer abc.def")).isEqualTo("authorization: bearer ****");
    }
}
