package dev.todoctl.cli.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Machine output (one JSON or YAML document) and aligned human tables. */
public final class Renderer {
    private final OutputFormat format;
    private final PrintWriter out;

    public Renderer(OutputFormat format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    public static ObjectMapper json() {
        return new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Records and maps as one document in the chosen machine format. */
    public void print(Object document) {
        try {
            String text = format == OutputFormat.yaml
                    ? json().copyWith(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                            .writeValueAsString(document)
                    : json().writerWithDefaultPrettyPrinter().writeValueAsString(document);
            out.println(text.stripTrailing());
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Columns padded to the widest cell. */
    public void table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    public static Map<String, Object> asMap(Object record) {
        return json().convertValue(record, new com.fasterxml.jackson.core.type.TypeReference<>() {
        });
    }
}
