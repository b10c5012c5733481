package dev.todoctl.cli.chart;

import dev.todoctl.cli.outcome.TodoctlException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart's values profiles: {@code default} (values.yaml alone) and one per {@code values-<name>.yaml}, which
 * is laid over it as {@code todoctl render --profile <name>} does.
 */
public final class ChartProfiles {
    public static final String DEFAULT = "default";

    private ChartProfiles() {
    }

    /** name → extra values files, {@code default} first, then the profiles files in name order. */
    public static Map<String, List<Path>> available(Path chart) {
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw TodoctlException.usage("no Helm chart at " + chart, "run todoctl from the checkout (charts/todo-chatbot)",
                    "or set source-dir");
        }
        Map<String, List<Path>> profiles = new LinkedHashMap<>();
        profiles.put(DEFAULT, List.of());
        try (var files = Files.list(chart)) {
            files.filter(f -> f.getFileName().toString().matches("values-.+\\.yaml")).sorted()
                    .forEach(f -> profiles.put(f.getFileName().toString().replaceAll("^values-|\\.yaml$", ""), List.of(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return profiles;
    }

    /** The requested profiles (all when none is asked for); an unknown name is a usage error. */
    public static Map<String, List<Path>> select(Path chart, List<String> requested) {
        Map<String, List<Path>> all = available(chart);
        if (requested.isEmpty()) {
            return all;
        }
        Map<String, List<Path>> chosen = new LinkedHashMap<>();
        for (String name : requested) {
            if (!all.containsKey(name)) {
                throw TodoctlException.usage("unknown profile '" + name + "' (the chart has: " + String.join(", ", all.keySet()) + ")",
                        "use one of: " + String.join(", ", all.keySet()) + ", or add values-" + name + ".yaml to " + chart);
            }
            chosen.put(name, all.get(name));
        }
        return chosen;
    }
}
