package dev.todoctl.validation.report;

import dev.todoctl.validation.http.Exchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * JUnit XML as CI systems read it (the Ant/Surefire dialect): one {@code testsuite} per suite, one
 * {@code testcase} per check; a failure's text holds the message and the redacted requests and responses.
 */
public final class JUnitXmlWriter {
    private JUnitXmlWriter() {
    }

    public static void write(Report report, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, render(report), StandardCharsets.UTF_8);
    }

    public static String render(Report report) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuites name=\"").append(attr(report.name())).append("\" tests=\"").append(report.total())
                .append("\" failures=\"").append(report.count(Outcome.FAILED)).append("\" skipped=\"")
                .append(report.count(Outcome.SKIPPED)).append("\" errors=\"0\" time=\"")
                .append(seconds(report.duration().toMillis())).append("\">\n");
        String timestamp = DateTimeFormatter.ISO_INSTANT.format(report.startedAt().truncatedTo(ChronoUnit.SECONDS));
        for (SuiteResult s : report.suites()) {
            sb.append("  <testsuite name=\"").append(attr(s.name())).append("\" tests=\"").append(s.checks().size())
                    .append("\" failures=\"").append(s.count(Outcome.FAILED)).append("\" skipped=\"")
                    .append(s.count(Outcome.SKIPPED)).append("\" errors=\"0\" time=\"")
                    .append(seconds(s.duration().toMillis())).append("\" timestamp=\"").append(timestamp)
                    .append("\">\n");
            for (CheckResult c : s.checks()) {
                sb.append("    <testcase classname=\"").append(attr(report.name() + "." + s.name()))
                        .append("\" name=\"").append(attr(c.name())).append("\" time=\"")
                        .append(seconds(c.duration().toMillis())).append('"');
                switch (c.outcome()) {
                    case PASSED -> sb.append(c.message().isEmpty() ? "/>\n" : ">\n      <system-out>"
                            + text(c.message()) + "</system-out>\n    </testcase>\n");
                    case SKIPPED -> sb.append(">\n      <skipped message=\"").append(attr(c.message()))
                            .append("\"/>\n    </testcase>\n");
                    case FAILED -> {
                        sb.append(">\n      <failure message=\"").append(attr(firstLine(c.message())))
                                .append("\" type=\"AssertionError\">").append(text(failureText(c)))
                                .append("</failure>\n    </testcase>\n");
                    }
                }
            }
            sb.append("  </testsuite>\n");
        }
        sb.append("</testsuites>\n");
        return sb.toString();
    }

    static String failureText(CheckResult c) {
        StringBuilder sb = new StringBuilder(c.message()).append('\n');
        for (Exchange e : c.evidence()) {
            sb.append('\n').append(e.describe());
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    private static String text(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> {
                    // XML 1.0 forbids most control characters even when escaped
                    if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') {
                        sb.append('?');
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }
}
