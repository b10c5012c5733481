package dev.todoctl.scenarios;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * How a load generator running in a pod hands its {@link LoadResult} back: one base64 line between two marker lines
 * on stdout, which the caller reads from the pod's log (no volume, no port). The payload is the same plain text the
 * Gatling JVM already writes ({@link Recording#toText}, the set-up phase's properties), so the response-time buckets
 * cross whole and the caller can merge histograms rather than percentiles.
 */
public final class GeneratorOutput {
    public static final String BEGIN = "@todoctl-generator-result-begin";
    public static final String END = "@todoctl-generator-result-end";

    private GeneratorOutput() {
    }

    /** The three lines a generator prints when its run is over. */
    public static String encode(LoadResult result) {
        Properties p = new Properties();
        p.setProperty("gatlingExitCode", String.valueOf(result.gatlingExitCode()));
        p.setProperty("elapsedMillis", String.valueOf(result.elapsed().toMillis()));
        p.setProperty("stopped", String.valueOf(result.stopped()));
        p.setProperty("users", String.valueOf(result.plan().users()));
        p.setProperty("recording", result.recording().toText());
        p.setProperty("setupRecording", result.setupRecording().toText());
        p.setProperty("setup", result.setupPhase().toText());
        for (int i = 0; i < result.notes().size(); i++) {
            p.setProperty("note." + i, result.notes().get(i));
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return BEGIN + "\n" + Base64.getEncoder().encodeToString(w.toString().getBytes(StandardCharsets.UTF_8)) + "\n" + END + "\n";
    }

    /** A generator's part, as one piece of a run with {@code plan}: empty when the log holds no complete result. */
    public static Optional<Part> decode(String log) {
        String[] lines = log.split("\r?\n");
        for (int i = 0; i + 2 < lines.length; i++) {
            if (lines[i].trim().equals(BEGIN) && lines[i + 2].trim().equals(END)) {
                Properties p = new Properties();
                try {
                    p.load(new StringReader(new String(Base64.getDecoder().decode(lines[i + 1].trim()), StandardCharsets.UTF_8)));
                } catch (IOException | IllegalArgumentException e) {
                    return Optional.empty();
                }
                List<String> notes = new ArrayList<>();
                for (int n = 0; p.containsKey("note." + n); n++) {
                    notes.add(p.getProperty("note." + n));
                }
                return Optional.of(new Part(Integer.parseInt(p.getProperty("users", "0")),
                        Integer.parseInt(p.getProperty("gatlingExitCode")), Duration.ofMillis(Long.parseLong(p.getProperty("elapsedMillis"))),
                        Boolean.parseBoolean(p.getProperty("stopped")), Recording.fromText(p.getProperty("recording", "")),
                        Recording.fromText(p.getProperty("setupRecording", "")), SetupPhase.fromText(p.getProperty("setup", "")), notes));
            }
        }
        return Optional.empty();
    }

    /** One generator's result as it came over the wire: its share of the users and what it measured. */
    public record Part(int users, int gatlingExitCode, Duration elapsed, boolean stopped, Recording recording,
                       Recording setupRecording, SetupPhase setupPhase, List<String> notes) {

        /** As a piece of {@code plan}'s run (for {@link LoadResult#merge}). */
        public LoadResult asResult(LoadPlan plan) {
            return new LoadResult(plan, recording, elapsed, null, gatlingExitCode, stopped, notes, setupPhase, setupRecording);
        }
    }
}
