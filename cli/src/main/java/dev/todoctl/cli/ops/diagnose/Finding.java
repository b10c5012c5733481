package dev.todoctl.cli.ops.diagnose;

import java.util.List;

/**
 * One thing wrong with a deployment: which rule saw it, how bad, on which component, a one-line summary, the
 * evidence that proves it (event messages, exit codes, status fields, last log lines) and the command lines that
 * fix it, with the real names filled in.
 */
public record Finding(String rule, Severity severity, String component, String summary, List<String> evidence,
                      List<String> fixes) {
    public Finding {
        evidence = List.copyOf(evidence);
        fixes = List.copyOf(fixes);
    }

    public boolean critical() {
        return severity == Severity.CRITICAL;
    }

    /** The summary line, then the evidence and the fixes indented under it (also what the assistant quotes). */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append(severity.label().toUpperCase(java.util.Locale.ROOT)).append(' ').append(rule).append(' ')
                .append(component).append(": ").append(summary);
        for (String line : evidence) {
            text.append("\n    ").append(line);
        }
        for (String fix : fixes) {
            text.append("\n    fix: ").append(fix);
        }
        return text.toString();
    }
}
