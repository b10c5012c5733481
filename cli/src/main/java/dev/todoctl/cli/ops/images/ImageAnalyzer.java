package dev.todoctl.cli.ops.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The image rules: pure functions of {@link ImageFacts}, so each is tested firing and not firing on fixtures.
 * Findings are advice; whether they fail the command is the caller's decision ({@code --fail-on}).
 */
public final class ImageAnalyzer {
    /** Thresholds: the size budget and how many filesystem layers are "many". */
    public record Policy(long maxSizeBytes, int maxLayers) {
        public static final long DEFAULT_MAX_SIZE = 250_000_000L;
        public static final int DEFAULT_MAX_LAYERS = 20;

        public static Policy defaults() {
            return new Policy(DEFAULT_MAX_SIZE, DEFAULT_MAX_LAYERS);
        }
    }

    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|TOKEN|KEY", Pattern.CASE_INSENSITIVE);
    // One shell command is a stretch without ; & | between the tool and its verb.
    private static final Pattern APT = Pattern.compile("\\bapt(?:-get)?\\b[^;&|]*\\b(?:install|update|upgrade|dist-upgrade)\\b");
    private static final Pattern APK = Pattern.compile("\\bapk\\b[^;&|]*\\b(?:add|update|upgrade)\\b");
    private static final Pattern YUM = Pattern.compile("\\b(?:yum|dnf|microdnf)\\b[^;&|]*\\b(?:install|update|upgrade)\\b");
    private static final Pattern PIP = Pattern.compile("\\bpip3?\\b[^;&|]*\\binstall\\b");
    private static final Pattern REMOTE_ADD = Pattern.compile("^ADD\\s+(?:--\\S+\\s+)*(https?://\\S+)", Pattern.CASE_INSENSITIVE);

    private final Policy policy;

    public ImageAnalyzer(Policy policy) {
        this.policy = policy;
    }

    public ImageReport analyze(ImageFacts image) {
        List<Finding> findings = new ArrayList<>();
        rootUser(image, findings);
        secretEnv(image, findings);
        if (!image.hasHealthcheck()) {
            findings.add(Finding.Rule.NO_HEALTHCHECK.finding("no HEALTHCHECK: Docker cannot tell a hung container from a healthy one",
                    "add a HEALTHCHECK that calls the readiness endpoint (docker/Dockerfile uses bash's /dev/tcp, no curl needed); "
                            + "Kubernetes ignores it and uses the chart's probes"));
        }
        if (image.size() > policy.maxSizeBytes()) {
            findings.add(Finding.Rule.SIZE_BUDGET.finding("size " + ByteSize.format(image.size()) + " is over the budget of "
                            + ByteSize.format(policy.maxSizeBytes()),
                    "use a smaller base (a jlink'ed JRE on a minimal Debian, see scripts/base-images.sh), keep build tools "
                            + "out with a multi-stage build, or raise --max-size"));
        }
        for (ImageFacts.Layer layer : image.layers()) {
            packageCache(layer, image.env(), findings);
            var remote = REMOTE_ADD.matcher(layer.instruction());
            if (remote.find()) {
                findings.add(Finding.Rule.REMOTE_ADD.finding("ADD of a remote URL: " + remote.group(1)
                                + " (not pinned by checksum, re-fetched unpredictably)",
                        "download in a RUN with a checksum check (curl + sha256sum -c), or ADD --checksum=sha256:..."));
            }
        }
        latestTag(image, findings);
        if (image.layerCount() > policy.maxLayers()) {
            findings.add(Finding.Rule.MANY_LAYERS.finding(image.layerCount() + " filesystem layers (more than " + policy.maxLayers() + ")",
                    "merge consecutive RUN steps with && and copy in fewer steps; each layer costs pull time"));
        }
        return new ImageReport(image, findings);
    }

    private static void rootUser(ImageFacts image, List<Finding> findings) {
        String user = image.user().strip();
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (name.isEmpty() || name.equals("0") || name.equals("root")) {
            findings.add(Finding.Rule.ROOT_USER.finding("runs as root (USER " + (user.isEmpty() ? "not set" : user) + ")",
                    "create a system user and switch to it: `USER 10001:10001` (the uid the chart's runAsUser expects)"));
        }
    }

    private static void secretEnv(ImageFacts image, List<Finding> findings) {
        List<String> names = image.env().entrySet().stream()
                .filter(e -> isSecretName(e.getKey()) && !e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        if (!names.isEmpty()) {
            // names only: the values are what must not be printed
            findings.add(Finding.Rule.SECRET_ENV.finding("secret-looking ENV baked into the image: " + String.join(", ", names)
                            + " (anyone who can pull the image can read it)",
                    "remove the ENV and pass the value at run time (a Kubernetes Secret, docker run -e, or todoctl's .env file); "
                            + "rotate the value, it is in the image history"));
        }
    }

    private static void packageCache(ImageFacts.Layer layer, Map<String, String> env, List<Finding> findings) {
        String cmd = layer.instruction().toLowerCase(Locale.ROOT);
        if (!cmd.startsWith("run ")) {
            return;
        }
        String left = null;
        String fix = null;
        if (APT.matcher(cmd).find() && !(cmd.contains("rm ") && cmd.contains("/var/lib/apt/lists"))) {
            left = "apt lists (/var/lib/apt/lists)";
            fix = "end the same RUN with `&& rm -rf /var/lib/apt/lists/*`";
        } else if (APK.matcher(cmd).find() && !cmd.contains("--no-cache") && !cmd.contains("/var/cache/apk")) {
            left = "the apk cache";
            fix = "use `apk add --no-cache`";
        } else if (YUM.matcher(cmd).find() && !cmd.matches("(?s).*\\b(?:yum|dnf|microdnf) clean all\\b.*")
                && !cmd.matches("(?s).*rm .*/var/cache/(?:yum|dnf).*")) {
            left = "the yum/dnf cache";
            fix = "end the same RUN with `&& dnf clean all` (or `yum clean all`)";
        } else if (PIP.matcher(cmd).find() && !cmd.contains("--no-cache-dir") && !env.containsKey("PIP_NO_CACHE_DIR")) {
            left = "pip's download cache";
            fix = "use `pip install --no-cache-dir`";
        }
        if (left != null) {
            findings.add(Finding.Rule.PACKAGE_CACHE.finding(left + " left in a " + ByteSize.format(layer.size()) + " layer: "
                    + abbreviate(layer.instruction()), fix + " (a later RUN rm cannot shrink an earlier layer)"));
        }
    }

    private static void latestTag(ImageFacts image, List<Finding> findings) {
        String ref = image.reference();
        boolean byDigest = ref.contains("@");
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        boolean implicitLatest = !byDigest && colon <= slash;
        boolean referencedByLatest = !byDigest && (implicitLatest || ref.substring(colon + 1).equals("latest"));
        boolean onlyLatest = !image.tags().isEmpty() && image.tags().stream().allMatch(t -> t.endsWith(":latest"));
        if (referencedByLatest || onlyLatest) {
            findings.add(Finding.Rule.LATEST_TAG.finding(onlyLatest ? "the only tag is latest: " + String.join(", ", image.tags())
                            : "referenced by latest (" + ref + ")" + (implicitLatest ? ", the implicit default tag" : ""),
                    "tag with the version and the git sha (todoctl build does) and deploy that tag; "
                            + "latest moves, so a rollback or a node's cache can give a different image"));
        }
    }

    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).find();
    }

    static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 97) + "...";
    }
}
