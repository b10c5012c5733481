package dev.todoctl.app.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of fields of a JSON request object. A present field of the wrong type is a 422 naming the field
 * (the body is well-formed JSON, just not acceptable), so handlers never see a ClassCastException.
 */
public record JsonFields(JsonNode body) {

    public boolean has(String field) {
        return body != null && body.has(field);
    }

    /** True when the field is present and explicitly {@code null}. */
    public boolean isNull(String field) {
        return has(field) && body.get(field).isNull();
    }

    public String string(String field) {
        JsonNode n = value(field);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.validation(field, "must be a string");
        }
        return n.textValue();
    }

    public String requiredString(String field) {
        String s = string(field);
        if (s == null) {
            throw ApiException.validation(field, "is required");
        }
        return s;
    }

    public Boolean bool(String field) {
        JsonNode n = value(field);
        if (n == null) {
            return null;
        }
        if (!n.isBoolean()) {
            throw ApiException.validation(field, "must be true or false");
        }
        return n.booleanValue();
    }

    public LocalDate date(String field) {
        String s = string(field);
        if (s == null) {
            return null;
        }
        try {
            if (s.length() != 10) {
                throw new DateTimeParseException("not YYYY-MM-DD", s, 0);
            }
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiException.validation(field, "must be a date as YYYY-MM-DD");
        }
    }

    public List<String> strings(String field) {
        JsonNode n = value(field);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            throw ApiException.validation(field, "must be an array of strings");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode item : n) {
            if (!item.isTextual()) {
                throw ApiException.validation(field, "must be an array of strings");
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** The field's node, or null when absent or JSON null. */
    private JsonNode value(String field) {
        if (body == null) {
            return null;
        }
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n;
    }
}
