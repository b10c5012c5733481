package dev.todoctl.scenarios;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * One load run: which scenario, against which base URL, how many users arriving over {@code ramp}, for how long
 * in all ({@code duration} includes the ramp), with how much think time between a user's requests, and where
 * the Gatling report goes. {@code runId} keeps the users' sign-up emails unique across runs on one database.
 */
public record LoadPlan(String scenario, String baseUrl, int users, Duration ramp, Duration duration,
                       Duration thinkTime, Path resultsDir, String runId, List<Threshold> thresholds, UserOptions userOptions) {

    /**
     * How the virtual users get their accounts. By default a set-up phase before the ramp signs them up (and seeds the
     * tasks the scenario needs) with {@code setupConcurrency} requests at a time, and none of it is measured.
     * {@code poolFile} set: the accounts are reused across runs ({@code <prefix>-<n>@loadtest.example}); the pool
     * file (mode 0600) keeps their password and tokens, so a later run verifies a cached token instead of logging
     * in, logs in only when the token has expired, and signs up only accounts that do not exist.
     * {@code signupInLoad}: no set-up phase; every user signs up inside the ramp and the sign-ups are part of the
     * measured load (to measure sign-up itself).
     */
    public record UserOptions(boolean signupInLoad, Path poolFile, String prefix, int setupConcurrency) {
        public static final int DEFAULT_SETUP_CONCURRENCY = 8;
        public static final String DEFAULT_PREFIX = "todoctl-load";

        public UserOptions {
            if (setupConcurrency < 1 || setupConcurrency > 256) {
                throw new IllegalArgumentException("set-up concurrency must be between 1 and 256");
            }
            if (prefix == null || !prefix.matches("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?")) {
                throw new IllegalArgumentException("user prefix '" + prefix + "' must be 1-40 lower-case letters, digits and dashes");
            }
            if (signupInLoad && poolFile != null) {
                throw new IllegalArgumentException("reused users already exist: signing them up in the load contradicts reusing them");
            }
        }

        /** Fresh accounts for this run, prepared before the ramp. */
        public static UserOptions prepared() {
            return new UserOptions(false, null, DEFAULT_PREFIX, DEFAULT_SETUP_CONCURRENCY);
        }

        public boolean reuse() {
            return poolFile != null;
        }
    }

    /** The plan of old: fresh users prepared before the ramp. */
    public LoadPlan(String scenario, String baseUrl, int users, Duration ramp, Duration duration,
                    Duration thinkTime, Path resultsDir, String runId, List<Threshold> thresholds) {
        this(scenario, baseUrl, users, ramp, duration, thinkTime, resultsDir, runId, thresholds, UserOptions.prepared());
    }

    /** The user journeys {@link Scenarios} builds. */
    public static final List<String> SCENARIOS = List.of("browse", "crud", "chat", "mixed");

    /**
     * Requests a user makes once, inside the load, before its journey when it signs up there ({@code --signup-in-load}):
     * its seed tasks. Reported apart from the journey's; the sign-up itself is measured then, which is the point.
     */
    public static final java.util.Set<String> SETUP_REQUESTS = java.util.Set.of("seed");

    /** Tasks each user owns before its journey starts: browse filters and searches them, mixed works on them. */
    public static int seedTasks(String scenario) {
        return switch (scenario) {
            case "browse" -> 5;
            case "mixed" -> 3;
            default -> 0;
        };
    }

    /** The body of a user's {@code i}-th seed task (0-based). */
    public static String seedTaskJson(int i) {
        return "{\"title\":\"quarterly report " + i + "\",\"priority\":\"high\",\"tags\":[\"work\"],\"due_date\":\"2030-01-1" + (i % 10) + "\"}";
    }

    /** The email of user {@code n} (1-based): per run, or per prefix when the accounts are reused. */
    public String email(int n) {
        return userOptions.reuse() ? userOptions.prefix() + "-" + n + "@loadtest.example"
                : "load-" + runId + "-" + n + "@loadtest.example";
    }

    public LoadPlan {
        if (!SCENARIOS.contains(scenario)) {
            throw new IllegalArgumentException("unknown scenario '" + scenario + "' (known: " + String.join(", ", SCENARIOS) + ")");
        }
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be positive");
        }
        if (ramp.isNegative() || ramp.compareTo(duration) > 0) {
            throw new IllegalArgumentException("ramp must be between 0 and the duration");
        }
        if (thinkTime.isNegative()) {
            throw new IllegalArgumentException("think time must not be negative");
        }
        baseUrl = baseUrl.replaceAll("/+$", "");
        thresholds = List.copyOf(thresholds);
        if (userOptions == null) {
            userOptions = UserOptions.prepared();
        }
    }

    /** The plan as the properties text a load generator pod gets in its environment ({@code GeneratorMain}). */
    public String text() {
        try {
            Path file = Files.createTempFile("todoctl-plan-", ".properties");
            try {
                write(file);
                return Files.readString(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Handed to the Gatling JVM as a properties file. */
    void write(Path file) {
        Properties p = new Properties();
        p.setProperty("scenario", scenario);
        p.setProperty("baseUrl", baseUrl);
        p.setProperty("users", String.valueOf(users));
        p.setProperty("ramp", ramp.toString());
        p.setProperty("duration", duration.toString());
        p.setProperty("thinkTime", thinkTime.toString());
        p.setProperty("resultsDir", resultsDir.toString());
        p.setProperty("runId", runId);
        p.setProperty("thresholds", String.join(" ", thresholds.stream().map(Threshold::encode).toList()));
        p.setProperty("signupInLoad", String.valueOf(userOptions.signupInLoad()));
        p.setProperty("poolFile", userOptions.poolFile() == null ? "" : userOptions.poolFile().toString());
        p.setProperty("prefix", userOptions.prefix());
        p.setProperty("setupConcurrency", String.valueOf(userOptions.setupConcurrency()));
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "todoctl load plan");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoadPlan read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String thresholds = p.getProperty("thresholds", "").trim();
        return new LoadPlan(p.getProperty("scenario"), p.getProperty("baseUrl"), Integer.parseInt(p.getProperty("users")),
                Duration.parse(p.getProperty("ramp")), Duration.parse(p.getProperty("duration")),
                Duration.parse(p.getProperty("thinkTime")), Path.of(p.getProperty("resultsDir")), p.getProperty("runId"),
                thresholds.isEmpty() ? List.of() : Arrays.stream(thresholds.split(" ")).map(Threshold::decode).toList(),
                new UserOptions(Boolean.parseBoolean(p.getProperty("signupInLoad", "false")),
                        p.getProperty("poolFile", "").isEmpty() ? null : Path.of(p.getProperty("poolFile")),
                        p.getProperty("prefix", UserOptions.DEFAULT_PREFIX),
                        Integer.parseInt(p.getProperty("setupConcurrency", String.valueOf(UserOptions.DEFAULT_SETUP_CONCURRENCY)))));
    }
}
