package dev.todoctl.validation;

import dev.todoctl.validation.report.CheckResult;
import dev.todoctl.validation.report.JsonReportWriter;
import dev.todoctl.validation.report.Outcome;
import dev.todoctl.validation.report.SummaryTable;
import dev.todoctl.validation.support.FaultyProxy;
import dev.todoctl.validation.support.FaultyProxy.Fault;
import dev.todoctl.validation.support.FaultyProxy.Req;
import dev.todoctl.validation.support.FaultyProxy.Resp;
import dev.todoctl.validation.support.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code validate --fuzz N}: green against the real app, and it catches an app that answers hostile input with 5xx. */
@DisplayName("validate --fuzz")
class FuzzScenarioTest {
    private static final int REQUESTS = 300;

    @TempDir
    static Path tmp;
    static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = new LocalStack(tmp);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static ValidationRun.Result fuzzOnly(ValidationTarget target, Path out) throws Exception {
        return ValidationRun.standard().run(target, new ValidationRun.Options(false, false, Set.of(),
                Optional.of(out.resolve("junit.xml")), Optional.of(out.resolve("report.json")), Optional.empty())
                .withFuzz(REQUESTS));
    }

    @Test
    @DisplayName("the real app passes every fuzz check")
    void realAppPasses() throws Exception {
        ValidationRun.Result result = fuzzOnly(stack.target(), tmp.resolve("real"));
        String summary = SummaryTable.render(result.combined());
        assertThat(result.e2ePassed()).as(summary).isTrue();
        assertThat(result.combined().suites()).singleElement()
                .satisfies(s -> assertThat(s.name()).startsWith("e2e 10: hostile input (" + REQUESTS));
        assertThat(result.combined().count(Outcome.PASSED)).isEqualTo(8);
    }

    @Test
    @DisplayName("an app answering a garbled Content-Type with 500 fails the e2e phase, in the JUnit and JSON reports")
    void catchesA5xx() throws Exception {
        Fault serverErrorOnGarbledType = new Fault() {
            @Override
            public Optional<Resp> answer(Req req) {
                String type = req.header("content-type");
                if (type != null && !type.startsWith("application/json") && !req.body().isEmpty()) {
                    return Optional.of(Resp.json(500,
                            "{\"error\":{\"code\":\"internal_error\",\"message\":\"internal error\"}}"));
                }
                return Optional.empty();
            }
        };
        try (FaultyProxy proxy = new FaultyProxy(stack.apiUrl(), serverErrorOnGarbledType)) {
            Path out = tmp.resolve("broken");
            ValidationRun.Result result = fuzzOnly(stack.target().withApiUrl(proxy.url()), out);
            String summary = SummaryTable.render(result.combined());
            // the cli turns a failed e2e phase into exit code 50
            assertThat(result.e2ePassed()).as(summary).isFalse();
            CheckResult no5xx = result.combined().suites().getFirst().checks().stream()
                    .filter(c -> c.name().equals("no 5xx")).findFirst().orElseThrow();
            assertThat(no5xx.failed()).isTrue();
            assertThat(no5xx.message()).contains("got a 5xx").contains("500");
            assertThat(Files.readString(out.resolve("junit.xml"))).contains("no 5xx").contains("<failure");
            assertThat(Files.readString(out.resolve("report.json"))).contains("got a 5xx");
            assertThat(JsonReportWriter.toJson(result.combined()).toString()).contains("hostile input");
        }
    }
}
