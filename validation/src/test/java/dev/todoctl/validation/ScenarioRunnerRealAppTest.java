package dev.todoctl.validation;

import dev.todoctl.validation.report.JsonReportWriter;
import dev.todoctl.validation.report.Outcome;
import dev.todoctl.validation.report.SummaryTable;
import dev.todoctl.validation.scenario.ScenarioRunner;
import dev.todoctl.validation.scenario.ValidationReport;
import dev.todoctl.validation.support.LocalStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("end-to-end scenarios against the real sample app (api on H2 + web, in-process)")
class ScenarioRunnerRealAppTest {
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

    @Test
    void allNineScenariosPassWithNothingSkipped() throws Exception {
        ValidationReport report = ScenarioRunner.standard().run(stack.target());
        JsonReportWriter.write(report, Path.of("target/e2e-real-app.json"));
        String summary = SummaryTable.render(report);
        System.out.println(summary);
        assertThat(report.count(Outcome.FAILED)).as(summary).isZero();
        assertThat(report.count(Outcome.SKIPPED)).as(summary).isZero();
        assertThat(report.suites()).hasSize(9);
        assertThat(report.duration()).as(summary).isLessThan(Duration.ofSeconds(30));
    }
}
