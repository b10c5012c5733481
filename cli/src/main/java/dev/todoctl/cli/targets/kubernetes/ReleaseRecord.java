package dev.todoctl.cli.targets.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One revision of a Helm release as Helm's Secret storage driver keeps it: Secret
 * {@code sh.helm.release.v1.<name>.v<revision>}, whose {@code data.release} is (under the Secret's own base64)
 * base64 of gzip of the release JSON — chart (metadata, templates, values, schema, files), config (the values
 * the user supplied), manifest and info (status, description, times).
 */
public record ReleaseRecord(String name, int revision, ObjectNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};
    private static final Pattern IMAGE = Pattern.compile("(?m)^\\s*(?:-\\s+)?image:\\s*\"?([^\"\\s]+)\"?\\s*$");

    public static String secretName(String release, int revision) {
        return "sh.helm.release.v1." + release + ".v" + revision;
    }

    /** From the value of the Secret's {@code data.release} (the Kubernetes base64 layer still on). */
    public static ReleaseRecord decode(String secretData) {
        byte[] helmText = Base64.getDecoder().decode(secretData);
        byte[] raw = Base64.getDecoder().decode(new String(helmText, StandardCharsets.US_ASCII).trim());
        if (raw.length > 2 && raw[0] == GZIP_MAGIC[0] && raw[1] == GZIP_MAGIC[1]) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(raw);
            return new ReleaseRecord(json.path("name").asText(), json.path("version").asInt(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Back to the Secret's {@code data.release} value, as Helm writes it. */
    public String encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(JSON.writeValueAsBytes(json));
            }
            String helmText = Base64.getEncoder().encodeToString(bytes.toByteArray());
            return Base64.getEncoder().encodeToString(helmText.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String status() {
        return json.path("info").path("status").asText("unknown");
    }

    public String description() {
        return json.path("info").path("description").asText("");
    }

    public String lastDeployed() {
        return json.path("info").path("last_deployed").asText("");
    }

    public String chartName() {
        return json.path("chart").path("metadata").path("name").asText("");
    }

    public String chartVersion() {
        return json.path("chart").path("metadata").path("version").asText("");
    }

    public String appVersion() {
        return json.path("chart").path("metadata").path("appVersion").asText("");
    }

    public String manifest() {
        return json.path("manifest").asText("");
    }

    public JsonNode chart() {
        return json.path("chart");
    }

    /** The values the user supplied for this revision (profile file and --set), without the chart's defaults. */
    public Map<String, Object> config() {
        JsonNode config = json.path("config");
        return config.isObject() ? JSON.convertValue(config, new com.fasterxml.jackson.core.type.TypeReference<>() {
        }) : Map.of();
    }

    /** Distinct images in the rendered manifest, in order of appearance. */
    public List<String> images() {
        Matcher m = IMAGE.matcher(manifest());
        LinkedHashSet<String> images = new LinkedHashSet<>();
        while (m.find()) {
            images.add(m.group(1));
        }
        return new ArrayList<>(images);
    }

    /** Helm counts deployed and superseded revisions as good ones to go back to. */
    public boolean good() {
        return "deployed".equals(status()) || "superseded".equals(status());
    }

    /** A copy with another status and description (for marking a revision whose rollout failed). */
    public ReleaseRecord withStatus(String status, String description) {
        ObjectNode copy = json.deepCopy();
        ObjectNode info = copy.with("info");
        info.put("status", status);
        info.put("description", description);
        return new ReleaseRecord(name, revision, copy);
    }
}
