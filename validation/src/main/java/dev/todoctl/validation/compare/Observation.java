package dev.todoctl.validation.compare;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * What one deployment answered to one step of the {@link RequestSequence}, already normalised: the status, the
 * headers that matter ({@link ResponseNormalizer#HEADERS}) and the body with ids, timestamps, tokens and the run's own
 * names replaced by placeholders. {@code status} is -1 when no response came.
 */
public record Observation(String step, String request, int status, Map<String, String> headers, JsonNode body) {
    public Observation {
        headers = Map.copyOf(headers);
    }
}
