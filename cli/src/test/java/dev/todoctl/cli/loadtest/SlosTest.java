package dev.todoctl.cli.loadtest;

import dev.todoctl.cli.outcome.TodoctlException;
import dev.todoctl.scenarios.Threshold;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("--slo expressions")
class SlosTest {

    @ParameterizedTest(name = "{0} -> {1} {2} {3}")
    @CsvSource({
            "p95<100ms, P95, BELOW, 100",
            "p99 < 250ms, P99, BELOW, 250",
            "p50<1s, P50, BELOW, 1000",
            "max<2.5s, MAX, BELOW, 2500",
            "errors<0.1%, ERROR_PERCENT, BELOW, 0.1",
            "errors<1, ERROR_PERCENT, BELOW, 1",
            "rps>500, RPS, ABOVE, 500",
            "P95<0ms, P95, BELOW, 0"})
    void parses(String text, Threshold.Metric metric, Threshold.Comparison comparison, double value) {
        assertThat(Slos.parse(text)).isEqualTo(new Threshold(metric, comparison, value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"p95<100", "p95<5%", "rps>5ms", "errors<1ms", "p97<1ms", "latency<5ms", "p95=5ms", ""})
    @DisplayName("rejects what it cannot read, as a usage error with an example")
    void rejects(String text) {
        assertThatThrownBy(() -> Slos.parse(text)).isInstanceOfSatisfying(TodoctlException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(2);
            assertThat(e.suggestions()).isNotEmpty();
        });
    }

    @org.junit.jupiter.api.Test
    @DisplayName("no --slo means errors<0.1%")
    void defaults() {
        assertThat(Slos.parseAll(List.of())).containsExactly(Slos.parse("errors<0.1%"));
    }
}
