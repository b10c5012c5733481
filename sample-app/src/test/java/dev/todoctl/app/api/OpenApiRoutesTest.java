package dev.todoctl.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.todoctl.app.support.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("/openapi describes routes that exist, with the security they really have")
class OpenApiRoutesTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    @TempDir
    static Path data;
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = TestApi.h2(data, Map.of());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void everyDocumentedOperationIsRoutedAndSecuredAsDeclared() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(api.get("/openapi", null).body());
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (var path = doc.get("paths").properties().iterator(); path.hasNext(); ) {
            var p = path.next();
            for (var op = p.getValue().properties().iterator(); op.hasNext(); ) {
                var o = op.next();
                if (!METHODS.contains(o.getKey())) {
                    continue;
                }
                operations++;
                String concrete = p.getKey().replace("{id}", "1");
                boolean secured = !o.getValue().has("security") || !o.getValue().get("security").isEmpty();
                String body = o.getKey().equals("get") || o.getKey().equals("delete") ? null : "{}";
                var r = api.send(o.getKey().toUpperCase(), concrete, null, body == null ? null : "application/json",
                        body);
                if (r.status() == 404 && r.body().contains("no route for")) {
                    problems.add(o.getKey() + " " + p.getKey() + " is documented but not routed");
                } else if (secured && r.status() != 401) {
                    problems.add(o.getKey() + " " + p.getKey() + " is documented as secured but answered "
                            + r.status() + " without a token");
                } else if (!secured && r.status() == 401) {
                    problems.add(o.getKey() + " " + p.getKey() + " is documented as public but wants a token");
                }
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(20);
        assertThat(problems).isEmpty();
    }
}
