package dev.todoctl.cli.ops.images;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.ImageHistory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the engine says about one image (inspect + history), reduced to what the rules look at. Built from
 * docker-java's models by {@link #from}; the analyzer never talks to an engine, so it is tested on fixtures.
 *
 * @param reference   the name the user asked about (or todoctl resolved), e.g. {@code todo-chatbot-api:0.1.0}
 * @param layers      the history, oldest first; entries of size 0 are metadata steps (ENV, USER, LABEL...)
 * @param layerCount  filesystem layers (RootFS), the number that costs pull time and storage
 * @param healthcheck the HEALTHCHECK test, empty when none (or {@code HEALTHCHECK NONE})
 * @param env         NAME → value as the image sets them; values are masked before anything is printed
 */
public record ImageFacts(String reference, String id, List<String> tags, long size, List<Layer> layers, int layerCount,
                         String user, List<String> exposedPorts, List<String> healthcheck, Map<String, String> labels,
                         Map<String, String> env) {

    public static final String BASE_LABEL = "org.opencontainers.image.base.name";

    public ImageFacts {
        tags = List.copyOf(tags);
        layers = List.copyOf(layers);
        exposedPorts = List.copyOf(exposedPorts);
        healthcheck = List.copyOf(healthcheck);
        labels = new TreeMap<>(labels);
        env = new LinkedHashMap<>(env);
    }

    /** One history entry: its size and the cleaned Dockerfile instruction that made it. */
    public record Layer(long size, String instruction) {
        public boolean empty() {
            return size == 0;
        }
    }

    public static ImageFacts from(String reference, InspectImageResponse inspect, List<ImageHistory> history) {
        ContainerConfig config = inspect.getConfig();
        List<Layer> layers = new ArrayList<>();
        for (ImageHistory h : history.reversed()) { // the engine lists newest first
            String by = h.getCreatedBy() == null || h.getCreatedBy().isBlank()
                    ? (h.getComment() == null || h.getComment().isBlank() ? "" : "(" + h.getComment() + ")")
                    : maskSecrets(cleanInstruction(h.getCreatedBy()));
            layers.add(new Layer(h.getSize() == null ? 0 : h.getSize(), by));
        }
        int layerCount = inspect.getRootFS() != null && inspect.getRootFS().getLayers() != null
                ? inspect.getRootFS().getLayers().size() : (int) layers.stream().filter(l -> !l.empty()).count();
        Map<String, String> env = new LinkedHashMap<>();
        if (config != null && config.getEnv() != null) {
            for (String entry : config.getEnv()) {
                int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
            }
        }
        List<String> ports = config == null || config.getExposedPorts() == null ? List.of()
                : Arrays.stream(config.getExposedPorts()).map(ExposedPort::toString).sorted().toList();
        HealthCheck health = config == null ? null : config.getHealthcheck();
        return new ImageFacts(reference, Objects.requireNonNullElse(inspect.getId(), ""),
                Objects.requireNonNullElse(inspect.getRepoTags(), List.of()),
                inspect.getSize() == null ? 0 : inspect.getSize(), layers, layerCount,
                config == null || config.getUser() == null ? "" : config.getUser(), ports,
                health == null || health.getTest() == null ? List.of() : health.getTest(),
                config == null || config.getLabels() == null ? Map.of() : config.getLabels(), env);
    }

    /**
     * The Dockerfile instruction as written: the legacy builder records {@code /bin/sh -c #(nop) ENV ...} for
     * metadata steps and {@code [|N ARG=v ...] /bin/sh -c cmd} for RUN; BuildKit {@code RUN /bin/sh -c cmd # buildkit}.
     */
    static String cleanInstruction(String createdBy) {
        String s = createdBy.strip().replaceFirst("^\\|\\d+ (?:\\S+=\\S* )*", "");
        if (s.startsWith("/bin/sh -c #(nop)")) {
            s = s.substring("/bin/sh -c #(nop)".length()).strip();
        } else if (s.startsWith("/bin/sh -c ")) {
            s = "RUN " + s.substring("/bin/sh -c ".length()).strip();
        }
        s = s.replaceFirst("\\s*# buildkit$", "");
        if (s.startsWith("RUN /bin/sh -c ")) {
            s = "RUN " + s.substring("RUN /bin/sh -c ".length());
        }
        return s.strip();
    }

    /**
     * {@code ENV API_TOKEN=abc} shows up verbatim in the history: the value of any secret-looking NAME=value is
     * replaced before the instruction is kept, so no output path can print it.
     */
    static String maskSecrets(String instruction) {
        return SECRET_ASSIGNMENT.matcher(instruction).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                m.group(1) + "=" + ImageReport.MASK));
    }

    private static final java.util.regex.Pattern SECRET_ASSIGNMENT = java.util.regex.Pattern.compile(
            "\\b([A-Za-z0-9_]*(?:PASSWORD|SECRET|TOKEN|KEY)[A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S+)",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** The base image from the OCI label the build set, or "unknown" (the engine does not record it otherwise). */
    public String baseImage() {
        String base = labels.get(BASE_LABEL);
        return base == null || base.isBlank() ? "unknown" : base;
    }

    /** Records print every component: keep secret-looking env values out of logs and stack traces too. */
    @Override
    public String toString() {
        Map<String, String> masked = new LinkedHashMap<>();
        env.forEach((k, v) -> masked.put(k, ImageAnalyzer.isSecretName(k) && !v.isEmpty() ? ImageReport.MASK : v));
        return "ImageFacts[reference=" + reference + ", id=" + id + ", tags=" + tags + ", size=" + size + ", layers="
                + layers + ", layerCount=" + layerCount + ", user=" + user + ", exposedPorts=" + exposedPorts
                + ", healthcheck=" + healthcheck + ", labels=" + labels + ", env=" + masked + "]";
    }

    public boolean hasHealthcheck() {
        return !healthcheck.isEmpty() && !"NONE".equals(healthcheck.getFirst());
    }
}
