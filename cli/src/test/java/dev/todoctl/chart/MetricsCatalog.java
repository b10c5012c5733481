package dev.todoctl.chart;

import dev.todoctl.chart.PromQl.Grouping;
import dev.todoctl.chart.PromQl.Parsed;
import dev.todoctl.chart.PromQl.Selector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The series names of a Prometheus text exposition (the app's {@code /metrics}), each with the label names its
 * samples carry, and the check of parsed PromQL against them.
 */
record MetricsCatalog(Map<String, Set<String>> labelsByName) {

    /**
     * Labels Prometheus adds when it scrapes through the chart's ServiceMonitor (target labels), which the app's own
     * output cannot show.
     */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace", "service", "pod", "container", "endpoint");
    /** Series Prometheus makes itself for every scrape target. */
    static final Set<String> SCRAPE_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    static MetricsCatalog parse(String exposition) {
        Map<String, Set<String>> labels = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Set<String> names = labels.computeIfAbsent(name, n -> new TreeSet<>());
            if (brace >= 0 && brace < space) {
                names.addAll(labelNames(line.substring(brace + 1)));
            }
        }
        return new MetricsCatalog(Collections.unmodifiableMap(labels));
    }

    /** Label names of {@code a="x",b="y\"z"} up to the closing brace. */
    private static List<String> labelNames(String text) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < text.length() && text.charAt(i) != '}') {
            int eq = text.indexOf('=', i);
            names.add(text.substring(i, eq).strip());
            i = eq + 2; // past ="
            while (text.charAt(i) != '"') {
                i += text.charAt(i) == '\\' ? 2 : 1;
            }
            i++;
            if (i < text.length() && text.charAt(i) == ',') {
                i++;
            }
        }
        return names;
    }

    /** Every problem with the queries: a series the app does not expose, a label its samples do not have. */
    List<String> problems(String where, Parsed query) {
        Set<String> problems = new LinkedHashSet<>();
        for (Selector selector : query.selectors()) {
            Set<String> known = known(selector.metric());
            if (known == null) {
                problems.add(where + ": metric " + selector.metric() + " is not in the app's /metrics");
                continue;
            }
            for (String label : selector.labels()) {
                if (!known.contains(label)) {
                    problems.add(where + ": metric " + selector.metric() + " has no label " + label);
                }
            }
        }
        for (Grouping grouping : query.groupings()) {
            for (Selector selector : grouping.selectors()) {
                Set<String> known = known(selector.metric());
                for (String label : grouping.labels()) {
                    if (known != null && !known.contains(label)) {
                        problems.add(where + ": metric " + selector.metric() + " has no label " + label + " to group by");
                    }
                }
            }
        }
        return List.copyOf(problems);
    }

    private Set<String> known(String metric) {
        if (SCRAPE_SERIES.contains(metric)) {
            return TARGET_LABELS;
        }
        Set<String> own = labelsByName.get(metric);
        if (own == null) {
            return null;
        }
        Set<String> all = new TreeSet<>(own);
        all.addAll(TARGET_LABELS);
        return all;
    }
}
