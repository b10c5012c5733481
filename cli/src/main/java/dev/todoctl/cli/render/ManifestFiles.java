package dev.todoctl.cli.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helm's rendered manifest split back into one file per template, by the {@code # Source: <chart>/templates/x}
 * comment Helm puts above each document (several documents of one template stay together in its file).
 */
public final class ManifestFiles {
    private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: [^/]+/(.+)$");

    private ManifestFiles() {
    }

    /** Relative path (e.g. {@code templates/api-deployment.yaml}) → its YAML documents. */
    public static Map<String, String> split(String manifest) {
        Map<String, String> files = new LinkedHashMap<>();
        for (String doc : manifest.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            Matcher m = SOURCE.matcher(doc);
            String name = m.find() ? m.group(1).trim() : "manifest.yaml";
            String body = doc.strip() + "\n";
            files.merge(name, body, (a, b) -> a + "---\n" + b);
        }
        return files;
    }
}
