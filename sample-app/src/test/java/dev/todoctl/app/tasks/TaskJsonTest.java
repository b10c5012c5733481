package dev.todoctl.app.tasks;

import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.introspect.Annotated;
import dev.todoctl.app.http.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskJsonTest {
    private static final Instant CREATED = Instant.parse("2026-11-22T05:03:43Z");

    @Test
    void writesApiMdsTaskShapeInOrder() throws Exception {
        Task t = new Task(7, "buy \"milk\" ü 😀 <script>", "", false, Priority.HIGH, List.of("home", "x y"),
                LocalDate.parse("2026-12-01"), CREATED, CREATED.plusSeconds(61));
        assertThat(Json.MAPPER.writeValueAsString(t)).isEqualTo("{\"id\":7,\"title\":\"buy \\\"milk\\\" ü 😀 <script>\","
                + "\"description\":\"\",\"completed\":false,\"priority\":\"high\",\"tags\":[\"home\",\"x y\"],"
                + "\"due_date\":\"2026-12-01\",\"created_at\":\"2026-11-22T05:03:43Z\","
                + "\"updated_at\":\"2026-11-22T05:04:44Z\"}");
    }

    /** The hand-written serializer says exactly what the bean serializer with the app's settings said. */
    @Test
    void sameJsonAsJacksonsBeanSerializer() throws Exception {
        var beans = Json.MAPPER.copy().setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public Object findSerializer(Annotated a) {
                return a.getRawType() == Task.class ? null : super.findSerializer(a);
            }
        });
        for (Task t : List.of(
                new Task(1, "t", null, true, Priority.LOW, List.of(), null, CREATED, CREATED),
                new Task(Long.MAX_VALUE, "\u0001\t\n", "d", false, Priority.MEDIUM, List.of("a"),
                        LocalDate.parse("2030-02-28"), CREATED, CREATED))) {
            assertThat(Json.MAPPER.writeValueAsString(t)).isEqualTo(beans.writeValueAsString(t));
            assertThat(Json.MAPPER.writeValueAsString(new TaskPage(List.of(t, t), 2, 20, 0)))
                    .isEqualTo(beans.writeValueAsString(new TaskPage(List.of(t, t), 2, 20, 0)));
        }
    }
}
