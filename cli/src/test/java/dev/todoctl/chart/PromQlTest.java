package dev.todoctl.chart;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("PromQl: the parser behind the dashboard/alert metrics check")
class PromQlTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "up",
            "-rate(a_total[5m] offset 1h) * 2 ^ 3",
            "sum without (instance) (rate(a_total{job=~\"x|y\", code!=\"200\"}[1m:30s]))",
            "a > bool 0.5e-3",
            "a / on (pod) group_left (node) b",
            "histogram_quantile(0.99, sum(rate(h_bucket[5m])) by (le))",
            "count(a) or absent(b{c='d'}) unless vector(1)",
            "max_over_time(a[1h]) - min_over_time(a[1h]) >= -Inf",
            "topk(3, sum by (route) (a))",
            "label_replace(a, \"x\", \"$1\", \"y\", \"(.*)\")"})
    @DisplayName("well-formed expressions parse")
    void parses(String expr) {
        assertThat(PromQl.parse(expr).selectors()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sum(a", "rate(a[5x])", "a{b=\"c\"", "a +", "sum by (le (a)", "nosuchfunction(a)", "a{b}", "{b=\"c\"}"})
    @DisplayName("malformed ones do not")
    void rejects(String expr) {
        assertThatThrownBy(() -> PromQl.parse(expr)).isInstanceOf(PromQl.SyntaxError.class);
    }

    @Test
    @DisplayName("selectors and grouping labels are what the metrics check needs")
    void extracts() {
        PromQl.Parsed parsed = PromQl.parse("histogram_quantile(0.9, sum by (le, route) (rate(h_bucket{ns=\"a\", status=~\"5..\"}[5m])))"
                + " / on (pod) sum(up)");
        assertThat(parsed.selectors()).containsExactly(new PromQl.Selector("h_bucket", Set.of("ns", "status")),
                new PromQl.Selector("up", Set.of()));
        assertThat(parsed.groupings()).extracting(PromQl.Grouping::labels).containsExactly(Set.of("le", "route"), Set.of("pod"));
        assertThat(parsed.groupings().get(1).selectors()).extracting(PromQl.Selector::metric).containsExactly("h_bucket", "up");
    }
}
