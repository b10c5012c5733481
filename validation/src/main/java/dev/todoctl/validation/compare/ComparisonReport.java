package dev.todoctl.validation.compare;

import java.util.List;

/**
 * The outcome of {@link DeploymentComparison}: the two api URLs, each side's observations in step order, and the
 * differences. {@code unreachable} names a side that did not answer the first step (then nothing else is compared).
 */
public record ComparisonReport(String left, String right, List<Observation> leftObservations,
                               List<Observation> rightObservations, List<Difference> differences, String unreachable) {
    public ComparisonReport {
        leftObservations = List.copyOf(leftObservations);
        rightObservations = List.copyOf(rightObservations);
        differences = List.copyOf(differences);
    }

    public boolean same() {
        return unreachable == null && differences.isEmpty();
    }

    /** A plain-text report: one line per difference, grouped by step. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("compared ").append(left).append(" (left) with ").append(right).append(" (right): ")
                .append(leftObservations.size()).append(" requests each\n");
        if (unreachable != null) {
            return sb.append("not compared: ").append(unreachable).append('\n').toString();
        }
        if (differences.isEmpty()) {
            return sb.append("no differences in status, headers that matter or body shape\n").toString();
        }
        sb.append(differences.size()).append(differences.size() == 1 ? " difference" : " differences").append('\n');
        String step = null;
        for (Difference d : differences) {
            if (!d.step().equals(step)) {
                step = d.step();
                sb.append("  ").append(d.step()).append("  ").append(d.request()).append('\n');
            }
            sb.append("    ").append(d.aspect()).append(d.where().isEmpty() ? "" : " " + d.where()).append(": ")
                    .append(d.left()).append(" ≠ ").append(d.right()).append('\n');
        }
        return sb.toString();
    }
}
