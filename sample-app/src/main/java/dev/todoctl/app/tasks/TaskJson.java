package dev.todoctl.app.tasks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;

/**
 * A {@link Task} on the wire (the contract's {@code Task}), written field by field. Task lists are most of what the api
 * sends; Jackson's bean serializer spent a third of that time on reflective accessor calls and the
 * {@code @JsonValue} of the priority (api benchmark profile). The output is the same JSON, in the same order:
 * snake_case names, {@code due_date} an ISO date or null, timestamps ISO instants.
 */
final class TaskJson extends StdSerializer<Task> {
    TaskJson() {
        super(Task.class);
    }

    @Override
    public void serialize(Task t, JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeStartObject(t);
        g.writeNumberField("id", t.id());
        g.writeStringField("title", t.title());
        g.writeStringField("description", t.description());
        g.writeBooleanField("completed", t.completed());
        g.writeStringField("priority", t.priority().wire());
        g.writeArrayFieldStart("tags");
        for (String tag : t.tags()) {
            g.writeString(tag);
        }
        g.writeEndArray();
        g.writeStringField("due_date", t.dueDate() == null ? null : t.dueDate().toString());
        g.writeStringField("created_at", t.createdAt().toString());
        g.writeStringField("updated_at", t.updatedAt().toString());
        g.writeEndObject();
    }
}
