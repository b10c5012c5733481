package dev.todoctl.cli.targets.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Helm release records (Secret data.release)")
class ReleaseRecordTest {
    static final String JSON = """
            {"name":"todo","version":3,"namespace":"todo",
             "info":{"status":"superseded","description":"Upgrade complete","last_deployed":"2026-11-21T23:00:00Z"},
             "chart":{"metadata":{"name":"todo-chatbot","version":"0.1.0","appVersion":"0.1.0","apiVersion":"v2"},
                      "templates":[{"name":"templates/cm.yaml","data":"%s"}],
                      "values":{"api":{"replicas":1}},
                      "schema":"%s",
                      "files":[{"name":"values-dev.yaml","data":"%s"}]},
             "config":{"api":{"image":{"tag":"1.0.0"}}},
             "manifest":"---\\nkind: Deployment\\nspec:\\n  containers:\\n    - name: api\\n      image: \\"todo-chatbot-api:1.0.0\\"\\n    - image: todo-chatbot-web:1.0.0\\n"}
            """.formatted(b64("kind: ConfigMap\n"), b64("{\"type\":\"object\"}"), b64("api: {}\n"));

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** As Helm's storage driver writes it, plus the Secret's own base64. */
    static String secretData(String json) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return b64(Base64.getEncoder().encodeToString(bytes.toByteArray()));
    }

    @Test
    @DisplayName("decodes base64(base64(gzip(JSON))): revision, status, chart, config, images; re-encodes to the same")
    void roundTrip() throws Exception {
        ReleaseRecord record = ReleaseRecord.decode(secretData(JSON));
        assertThat(record.revision()).isEqualTo(3);
        assertThat(record.status()).isEqualTo("superseded");
        assertThat(record.good()).isTrue();
        assertThat(record.chartName() + "-" + record.chartVersion()).isEqualTo("todo-chatbot-0.1.0");
        assertThat(record.images()).containsExactly("todo-chatbot-api:1.0.0", "todo-chatbot-web:1.0.0");
        assertThat(record.config()).containsKey("api");

        ReleaseRecord failed = ReleaseRecord.decode(record.withStatus("failed", "Rollout failed").encode());
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.good()).isFalse();
        assertThat(failed.description()).isEqualTo("Rollout failed");
        assertThat(failed.manifest()).isEqualTo(record.manifest());
        assertThat(record.status()).as("the original is unchanged").isEqualTo("superseded");
    }

    @Test
    @DisplayName("the chart written back out of a record: Chart.yaml, values, schema, templates and files")
    void chartFromRecord(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(JSON);
        Path chart = HelmService.writeChart(json.path("chart"), dir.resolve("chart"));
        assertThat(Files.readString(chart.resolve("Chart.yaml"))).contains("name: todo-chatbot").contains("appVersion: 0.1.0");
        assertThat(Files.readString(chart.resolve("templates/cm.yaml"))).isEqualTo("kind: ConfigMap\n");
        assertThat(Files.readString(chart.resolve("values.schema.json"))).isEqualTo("{\"type\":\"object\"}");
        assertThat(chart.resolve("values-dev.yaml")).exists();
        assertThat(Files.readString(chart.resolve("values.yaml"))).contains("replicas: 1");
    }
}
