package dev.todoctl.validation.compare;

/**
 * One way the two deployments answered a step differently. {@code aspect} is status, header or body; {@code where}
 * the header name or the JSON pointer into the body ("" for the body as a whole); {@code left}/{@code right} the
 * normalised values ("(absent)" when one side has none).
 */
public record Difference(String step, String request, String aspect, String where, String left, String right) {
    public static final String ABSENT = "(absent)";

    public String describe() {
        return step + " (" + request + "): " + aspect + (where.isEmpty() ? "" : " " + where) + ": " + left + " ≠ " + right;
    }
}
