package dev.todoctl.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("charts/todo-chatbot: what readiness means per component")
class ChartReadinessTest {

    @ParameterizedTest(name = "profile {0}")
    @ValueSource(strings = {"default", "dev", "prod"})
    @DisplayName("web is ready when it serves (its own /health), so an api or database restart does not take the UI's "
            + "endpoints away; the api is ready when its database answers")
    void readinessPerComponent(String profile) {
        RenderedChart chart = RenderedChart.render(profile, Map.of());
        Container web = chart.one(Deployment.class, RenderedChart.fullname("web")).getSpec().getTemplate().getSpec()
                .getContainers().getFirst();
        Container api = chart.one(Deployment.class, RenderedChart.fullname("api")).getSpec().getTemplate().getSpec()
                .getContainers().getFirst();

        assertThat(web.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(api.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    }
}
