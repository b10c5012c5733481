package dev.todoctl.cli.ops.images;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One analyzed image: its facts (secret-looking env values masked) and the findings. */
public record ImageReport(ImageFacts facts, List<Finding> findings) {
    static final String MASK = "******";

    public ImageReport {
        findings = List.copyOf(findings);
    }

    public Optional<Severity> worst() {
        return findings.stream().map(Finding::severity).max(Enum::compareTo);
    }

    /** NAME → value, with the values of secret-looking names replaced (even empty ones stay recognisable). */
    public Map<String, String> maskedEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        facts.env().forEach((k, v) -> env.put(k, ImageAnalyzer.isSecretName(k) && !v.isEmpty() ? MASK : v));
        return env;
    }

    /** The document {@code --output json|yaml} prints: never the facts' raw env. */
    public Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("image", facts.reference());
        doc.put("id", facts.id());
        doc.put("tags", facts.tags());
        doc.put("size_bytes", facts.size());
        doc.put("size", ByteSize.format(facts.size()));
        doc.put("layer_count", facts.layerCount());
        doc.put("layers", facts.layers().stream().map(l -> {
            Map<String, Object> layer = new java.util.LinkedHashMap<>(); // one order in every JVM (Map.of's is not)
            layer.put("size_bytes", l.size());
            layer.put("instruction", l.instruction());
            return layer;
        }).toList());
        doc.put("base_image", facts.baseImage());
        doc.put("user", facts.user().isEmpty() ? "root (not set)" : facts.user());
        doc.put("exposed_ports", facts.exposedPorts());
        doc.put("healthcheck", facts.hasHealthcheck() ? String.join(" ", facts.healthcheck()) : null);
        doc.put("labels", facts.labels());
        doc.put("env", maskedEnv());
        doc.put("findings", findings.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", f.rule().id());
            m.put("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
            m.put("message", f.message());
            m.put("suggestion", f.suggestion());
            return m;
        }).toList());
        return doc;
    }
}
