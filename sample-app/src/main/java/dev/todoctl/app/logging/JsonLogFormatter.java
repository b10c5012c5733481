package dev.todoctl.app.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code ts, level, logger, msg} plus the structured fields a record carries as its
 * single {@code Map} parameter (see {@link Logs#event}). Library logs (Helidon, Hikari, Flyway) come out in the
 * same shape, so stdout is machine-readable end to end.
 */
public final class JsonLogFormatter extends Formatter {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String format(LogRecord r) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(r.getMillis()).toString());
            g.writeStringField("level", level(r.getLevel()));
            g.writeStringField("logger", r.getLoggerName());
            Object[] params = r.getParameters();
            if (params != null && params.length == 1 && params[0] instanceof Map<?, ?> fields) {
                g.writeStringField("msg", r.getMessage());
                for (var e : fields.entrySet()) {
                    writeField(g, String.valueOf(e.getKey()), e.getValue());
                }
            } else {
                g.writeStringField("msg", formatMessage(r));
            }
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                g.writeStringField("error", String.valueOf(r.getThrown()));
                g.writeStringField("stack", trace.toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    private static void writeField(JsonGenerator g, String name, Object value) throws IOException {
        switch (value) {
            case null -> g.writeNullField(name);
            case Integer i -> g.writeNumberField(name, i);
            case Long l -> g.writeNumberField(name, l);
            case Double d -> g.writeNumberField(name, d);
            case Boolean b -> g.writeBooleanField(name, b);
            default -> g.writeStringField(name, value.toString());
        }
    }

    private static String level(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        return "DEBUG";
    }
}
