package dev.todoctl.validation;

import dev.todoctl.validation.contract.ContractChecker;
import dev.todoctl.validation.contract.ContractReport;
import dev.todoctl.validation.report.Outcome;
import dev.todoctl.validation.scenario.ScenarioRunner;
import dev.todoctl.validation.scenario.ValidationReport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("nothing listening: every suite fails with a reason, nothing throws, nothing passes")
class UnreachableTargetTest {
    static String deadUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void scenariosReportFailuresInsteadOfThrowing() throws Exception {
        ValidationReport r = ScenarioRunner.standard().run(ValidationTarget.of(deadUrl())
                .withTimeout(Duration.ofSeconds(2)));
        assertThat(r.suites()).hasSize(9);
        assertThat(r.suites()).filteredOn(s -> !s.name().contains("persistence"))
                .allSatisfy(s -> assertThat(s.count(Outcome.FAILED)).as(s.name()).isPositive());
        assertThat(r.count(Outcome.PASSED)).isZero();
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void contractCheckReportsTheUnreachableDocument() throws Exception {
        ContractReport r = ContractChecker.bundled().check(ValidationTarget.of(deadUrl()).withTimeout(Duration.ofSeconds(2)));
        assertThat(r.drift().failures()).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("/openapi"));
        assertThat(r.conformance().passed()).isFalse();
        assertThat(r.negative().passed()).isFalse();
    }
}
