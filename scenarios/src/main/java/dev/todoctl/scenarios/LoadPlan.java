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
                       Duration thinkTime, Path resultsDir, String runId, List<Threshold> thresholds) {

    /** The user journeys {@link Scenarios} builds. */
    public static final List<String> SCENARIOS = List.of("browse", "crud", "chat", "mixed");

    /**
     * Requests a user makes once before its journey. Reported apart from the journey's: sign-up hashes a password
     * on purpose (hundreds of ms of CPU) and would otherwise dominate the percentiles of a short run.
     */
    public static final java.util.Set<String> SETUP_REQUESTS = java.util.Set.of("signup", "seed");

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
                thresholds.isEmpty() ? List.of() : Arrays.stream(thresholds.split(" ")).map(Threshold::decode).toList());
    }
}
