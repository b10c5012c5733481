package dev.todoctl.cli.chart;

import dev.todoctl.cli.outcome.TodoctlException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart's {@code values.yaml} merged with {@code values-<profile>.yaml}: the single source of the image
 * repositories, the non-secret env of api and web, and the database name and user, so the docker target runs
 * exactly what the chart would.
 */
public record ChartValues(Map<String, Object> values) {

    public static ChartValues read(Path chartDir, String profile) {
        Path base = chartDir.resolve("values.yaml");
        if (!Files.isRegularFile(base)) {
            throw TodoctlException.usage("no chart values at " + base, "set images.chart to the chart directory");
        }
        Map<String, Object> merged = load(base);
        Path overlay = chartDir.resolve("values-" + profile + ".yaml");
        if (Files.isRegularFile(overlay)) {
            merge(merged, load(overlay));
        }
        return new ChartValues(merged);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Object data = new Yaml(new LoaderOptions()).load(reader);
            return data instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
        } catch (IOException | RuntimeException e) {
            throw TodoctlException.usage("cannot read " + file + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> overlay) {
        overlay.forEach((key, value) -> {
            if (value instanceof Map<?, ?> m && into.get(key) instanceof Map<?, ?> existing) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existing);
                merge(copy, (Map<String, Object>) m);
                into.put(key, copy);
            } else {
                into.put(key, value);
            }
        });
    }

    public String string(String dottedPath, String fallback) {
        Object value = at(dottedPath);
        return value == null || String.valueOf(value).isEmpty() ? fallback : String.valueOf(value);
    }

    /** A map of strings (e.g. {@code api.env}); nulls become empty strings. */
    public Map<String, String> env(String dottedPath) {
        Map<String, String> env = new LinkedHashMap<>();
        if (at(dottedPath) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return env;
    }

    private Object at(String dottedPath) {
        Object node = values;
        for (String part : List.of(dottedPath.split("\\."))) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(part);
        }
        return node;
    }
}
