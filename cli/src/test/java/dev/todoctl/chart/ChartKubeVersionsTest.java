package dev.todoctl.chart;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("charts/todo-chatbot on the Kubernetes versions it supports (1.20 is the real test cluster's)")
class ChartKubeVersionsTest {

    /** The prod profile turns on every optional kind whose API version differs (HPA, PDB). */
    private static final Map<String, Object> EVERYTHING = Map.of("api.autoscaling.enabled", true,
            "web.autoscaling.enabled", true, "api.pdb.enabled", true, "web.pdb.enabled", true);

    private static String apiVersionOf(RenderedChart chart, String kind) {
        List<String> versions = chart.objects().stream().filter(o -> kind.equals(o.getKind()))
                .map(HasMetadata::getApiVersion).distinct().toList();
        assertThat(versions).as("%s objects rendered", kind).hasSize(1);
        return versions.getFirst();
    }

    @ParameterizedTest(name = "Kubernetes {0}: HPA {1}, PDB {2}")
    @CsvSource({
            "1.20.2, autoscaling/v2beta2, policy/v1beta1",
            "1.22.0, autoscaling/v2beta2, policy/v1",
            "1.23.0, autoscaling/v2, policy/v1",
            "1.31.0, autoscaling/v2, policy/v1"})
    @DisplayName("HPA and PDB use the API version the cluster serves")
    void apiVersionsFollowTheCluster(String kubeVersion, String hpa, String pdb) {
        RenderedChart chart = RenderedChart.render(RenderedChart.chartDir(), "prod", EVERYTHING, kubeVersion);

        assertThat(apiVersionOf(chart, "HorizontalPodAutoscaler")).isEqualTo(hpa);
        assertThat(apiVersionOf(chart, "PodDisruptionBudget")).isEqualTo(pdb);
    }

    @Test
    @DisplayName("the StatefulSet has persistentVolumeClaimRetentionPolicy only where the API knows the field (>= 1.23)")
    void pvcRetentionOnlyWhereKnown() {
        StatefulSet old = RenderedChart.render(RenderedChart.chartDir(), "default", Map.of(), "1.20.2")
                .one(StatefulSet.class, RenderedChart.fullname("postgresql"));
        StatefulSet current = RenderedChart.render(RenderedChart.chartDir(), "default", Map.of(), "1.31.0")
                .one(StatefulSet.class, RenderedChart.fullname("postgresql"));

        assertThat(old.getSpec().getPersistentVolumeClaimRetentionPolicy()).isNull();
        assertThat(current.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
    }

    @ParameterizedTest(name = "profile {0}")
    @ValueSource(strings = {"default", "dev", "prod"})
    @DisplayName("every profile renders for 1.20 with only fields the 1.20 API types know")
    void everyProfileRendersFor120(String profile) {
        RenderedChart chart = RenderedChart.render(RenderedChart.chartDir(), profile, Map.of(), "1.20.2");

        assertThat(chart.objects()).isNotEmpty().allSatisfy(o -> assertThat(StrictModel.unknownFields(o)).isEmpty());
    }

    @Test
    @DisplayName("a version below the chart's range is refused by the kubeVersion constraint")
    void olderThanSupportedIsRefused() {
        assertThatThrownBy(() -> new Helm(RenderedChart.chartDir()).template().withName("todo")
                .withKubeVersion("1.19.9").call())
                .hasMessageContaining("chart requires kubeVersion");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1:5000/todo-chatbot-api", "localhost:5001/team/todo-chatbot-api",
            "registry.example.com/team/todo-chatbot-api", "todo-chatbot-api"})
    @DisplayName("image repositories with a registry host and port pass the schema (kind/minikube local registries)")
    void registryWithPortIsAccepted(String repository) {
        RenderedChart chart = RenderedChart.render(RenderedChart.chartDir(), "default",
                Map.of("api.image.repository", repository, "api.image.tag", "v1"), "1.20.2");

        assertThat(chart.one(io.fabric8.kubernetes.api.model.apps.Deployment.class, RenderedChart.fullname("api"))
                .getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(repository + ":v1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Todo/API", "host:port/api", "a//b", "api/", "127.0.0.1:5000/"})
    @DisplayName("malformed image repositories are refused by the schema")
    void malformedRepositoryIsRefused(String repository) {
        assertThatThrownBy(() -> RenderedChart.render(RenderedChart.chartDir(), "default",
                Map.of("api.image.repository", repository), "1.20.2"))
                .hasMessageContaining("repository");
    }
}
