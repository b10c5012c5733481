package dev.todoctl.validation.report;

import dev.todoctl.validation.TargetHooks;
import dev.todoctl.validation.http.Redactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * On failure, a directory a human (or a CI artifact upload) can read: the summary, the JSON report, every
 * failing check with its requests and responses, and the components' recent logs from the target hooks —
 * everything redacted.
 */
public final class EvidenceBundle {
    private EvidenceBundle() {
    }

    /** Writes the bundle when the report has failures; returns the directory, or empty when all passed. */
    public static Optional<Path> writeIfFailed(Report report, TargetHooks hooks, Redactor redactor, Path dir)
            throws IOException {
        if (report.passed()) {
            return Optional.empty();
        }
        return Optional.of(write(report, hooks, redactor, dir));
    }

    public static Path write(Report report, TargetHooks hooks, Redactor redactor, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.txt"), SummaryTable.render(report));
        JsonReportWriter.write(report, dir.resolve("report.json"));
        Path failures = Files.createDirectories(dir.resolve("failures"));
        int n = 0;
        for (SuiteResult s : report.suites()) {
            for (CheckResult c : s.failures()) {
                n++;
                String file = String.format("%03d-%s-%s.txt", n, slug(s.name()), slug(c.name()));
                Files.writeString(failures.resolve(file), s.name() + " › " + c.name() + "\n\n"
                        + JUnitXmlWriter.failureText(c));
            }
        }
        Optional<Map<String, String>> logs;
        try {
            logs = hooks.recentLogs();
        } catch (RuntimeException e) {
            logs = Optional.of(Map.of("hooks-error", "could not fetch logs: " + e));
        }
        if (logs.isPresent()) {
            Path logDir = Files.createDirectories(dir.resolve("logs"));
            for (Map.Entry<String, String> e : logs.get().entrySet()) {
                Files.writeString(logDir.resolve(slug(e.getKey()) + ".log"), redactor.text(e.getValue()));
            }
        } else {
            Files.writeString(dir.resolve("logs-unavailable.txt"),
                    "The target (" + hooks.describe() + ") offers no log access.\n");
        }
        return dir;
    }

    private static String slug(String s) {
        String slug = s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.length() > 60 ? slug.substring(0, 60) : slug;
    }
}
