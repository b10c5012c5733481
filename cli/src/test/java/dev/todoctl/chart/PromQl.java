package dev.todoctl.chart;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A recursive-descent parser for the PromQL the chart writes (dashboard panels, alert rules): binary operators with
 * Prometheus' precedence and vector matching ({@code on/ignoring/group_left/group_right/bool}), unary minus,
 * aggregations with {@code by/without} before or after the arguments, function calls, vector selectors with label
 * matchers, range and subquery brackets, {@code offset}, numbers, durations and strings. No PromQL parser is published
 * for Java; a syntax error fails the parse, so "parsed" means the expression is well-formed, not merely tokenised.
 * <p>
 * What it returns is what the metrics check needs: every vector selector (metric name and label names it matches
 * on), and for each {@code by/without/on/ignoring} label list the selectors it applies to.
 */
final class PromQl {

    /** A vector selector: {@code name{label=...}}. */
    record Selector(String metric, Set<String> labels) {
    }

    /** Labels a grouping clause names, and the selectors below it that must carry them. */
    record Grouping(Set<String> labels, List<Selector> selectors) {
    }

    record Parsed(String expr, List<Selector> selectors, List<Grouping> groupings) {
    }

    static final class SyntaxError extends RuntimeException {
        SyntaxError(String message, String expr, int pos) {
            super(message + " at " + pos + " in: " + expr);
        }
    }

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "ceil", "changes",
            "clamp", "clamp_max", "clamp_min", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "delta",
            "deriv", "exp", "floor", "histogram_quantile", "histogram_count", "histogram_sum", "histogram_fraction",
            "holt_winters", "hour", "idelta", "increase", "irate", "label_join", "label_replace", "ln", "log2", "log10",
            "minute", "month", "predict_linear", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc",
            "sqrt", "time", "timestamp", "vector", "year", "avg_over_time", "min_over_time", "max_over_time",
            "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time",
            "last_over_time", "present_over_time");
    private static final List<Set<String>> PRECEDENCE = List.of(
            Set.of("or"), Set.of("and", "unless"), Set.of("==", "!=", "<=", ">=", "<", ">"),
            Set.of("+", "-"), Set.of("*", "/", "%", "atan2"), Set.of("^"));

    private final String expr;
    private final List<Selector> selectors = new ArrayList<>();
    private final List<Grouping> groupings = new ArrayList<>();
    private int pos;

    private PromQl(String expr) {
        this.expr = expr;
    }

    static Parsed parse(String expr) {
        PromQl parser = new PromQl(expr);
        parser.expression(0);
        parser.skipSpace();
        if (parser.pos != expr.length()) {
            throw new SyntaxError("unexpected '" + expr.substring(parser.pos) + "'", expr, parser.pos);
        }
        return new Parsed(expr, List.copyOf(parser.selectors), List.copyOf(parser.groupings));
    }

    private void expression(int level) {
        if (level == PRECEDENCE.size()) {
            unary();
            return;
        }
        int firstSelector = selectors.size();
        expression(level + 1);
        while (true) {
            String op = binaryOperator(PRECEDENCE.get(level));
            if (op == null) {
                return;
            }
            keyword("bool");
            Set<String> matching = null;
            if (keyword("on") || keyword("ignoring")) {
                matching = labelList();
                if (keyword("group_left") || keyword("group_right")) {
                    skipSpace();
                    if (peek() == '(') {
                        matching.addAll(labelList());
                    }
                }
            }
            // ^ is right-associative; the others left: both parse the same selectors, which is all we need
            expression(level + 1);
            if (matching != null && !matching.isEmpty()) {
                groupings.add(new Grouping(matching, List.copyOf(selectors.subList(firstSelector, selectors.size()))));
            }
        }
    }

    private void unary() {
        skipSpace();
        if (peek() == '-' || peek() == '+') {
            pos++;
            unary();
            return;
        }
        primary();
        postfix();
    }

    private void postfix() {
        while (true) {
            skipSpace();
            if (peek() == '[') {
                pos++;
                duration();
                skipSpace();
                if (peek() == ':') {
                    pos++;
                    skipSpace();
                    if (peek() != ']') {
                        duration();
                    }
                }
                expect(']');
            } else if (keyword("offset")) {
                skipSpace();
                if (peek() == '-') {
                    pos++;
                }
                duration();
            } else {
                return;
            }
        }
    }

    private void primary() {
        skipSpace();
        char c = peek();
        if (c == '(') {
            pos++;
            expression(0);
            expect(')');
        } else if (c == '"' || c == '\'' || c == '`') {
            string();
        } else if (Character.isDigit(c) || c == '.') {
            number();
        } else if (c == '{') {
            selector(null);
        } else if (isNameStart(c)) {
            String name = name();
            skipSpace();
            if (AGGREGATIONS.contains(name)) {
                aggregation();
            } else if (FUNCTIONS.contains(name) && peek() == '(') {
                arguments();
            } else if (name.equals("Inf") || name.equals("NaN")) {
                return;
            } else if (peek() == '(') {
                throw new SyntaxError("unknown function " + name, expr, pos);
            } else {
                selector(name);
            }
        } else {
            throw new SyntaxError("unexpected '" + (pos < expr.length() ? expr.substring(pos) : "end") + "'", expr, pos);
        }
    }

    private void aggregation() {
        Set<String> grouping = null;
        if (keyword("by") || keyword("without")) {
            grouping = labelList();
        }
        int firstSelector = selectors.size();
        arguments();
        if (keyword("by") || keyword("without")) {
            grouping = labelList();
        }
        if (grouping != null && !grouping.isEmpty()) {
            groupings.add(new Grouping(grouping, List.copyOf(selectors.subList(firstSelector, selectors.size()))));
        }
    }

    private void arguments() {
        expect('(');
        skipSpace();
        if (peek() == ')') {
            pos++;
            return;
        }
        do {
            expression(0);
            skipSpace();
        } while (consume(','));
        expect(')');
    }

    private void selector(String metric) {
        Set<String> labels = new LinkedHashSet<>();
        skipSpace();
        if (peek() == '{') {
            pos++;
            skipSpace();
            while (peek() != '}') {
                String label = name();
                skipSpace();
                if (!(consumeAny("=~", "!~", "!=", "="))) {
                    throw new SyntaxError("expected a label matcher operator after " + label, expr, pos);
                }
                skipSpace();
                string();
                skipSpace();
                if (label.equals("__name__")) {
                    throw new SyntaxError("selectors by __name__ are not checked", expr, pos);
                }
                labels.add(label);
                if (!consume(',')) {
                    break;
                }
                skipSpace();
            }
            expect('}');
        }
        if (metric == null && labels.isEmpty()) {
            throw new SyntaxError("empty selector", expr, pos);
        }
        if (metric == null) {
            throw new SyntaxError("a selector without a metric name is not checked", expr, pos);
        }
        selectors.add(new Selector(metric, Set.copyOf(labels)));
    }

    private Set<String> labelList() {
        expect('(');
        Set<String> labels = new LinkedHashSet<>();
        skipSpace();
        while (peek() != ')') {
            labels.add(name());
            skipSpace();
            if (!consume(',')) {
                break;
            }
            skipSpace();
        }
        expect(')');
        return labels;
    }

    private String binaryOperator(Set<String> ops) {
        skipSpace();
        for (String op : ops) {
            boolean word = Character.isLetter(op.charAt(0));
            if (expr.startsWith(op, pos) && (!word || !isNameChar(charAt(pos + op.length())))) {
                // "<" must not eat "<=", "=" must not be "=~" (never a binary operator anyway)
                if (op.length() == 1 && "<>".contains(op) && charAt(pos + 1) == '=') {
                    continue;
                }
                pos += op.length();
                return op;
            }
        }
        return null;
    }

    private boolean keyword(String word) {
        skipSpace();
        if (expr.startsWith(word, pos) && !isNameChar(charAt(pos + word.length()))) {
            pos += word.length();
            return true;
        }
        return false;
    }

    private void duration() {
        skipSpace();
        int start = pos;
        while (pos < expr.length() && (Character.isDigit(peek()) || "smhdwy".indexOf(peek()) >= 0)) {
            pos++;
        }
        if (!expr.substring(start, pos).matches("([0-9]+(ms|s|m|h|d|w|y))+")) {
            throw new SyntaxError("bad duration '" + expr.substring(start, pos) + "'", expr, start);
        }
    }

    private void number() {
        int start = pos;
        while (pos < expr.length() && (Character.isLetterOrDigit(peek()) || peek() == '.'
                || ((peek() == '+' || peek() == '-') && (charAt(pos - 1) == 'e' || charAt(pos - 1) == 'E')))) {
            pos++;
        }
        String text = expr.substring(start, pos);
        if (!text.matches("([0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+)")) {
            throw new SyntaxError("bad number '" + text + "'", expr, start);
        }
    }

    private void string() {
        char quote = peek();
        if (quote != '"' && quote != '\'' && quote != '`') {
            throw new SyntaxError("expected a string", expr, pos);
        }
        pos++;
        while (pos < expr.length() && peek() != quote) {
            pos += peek() == '\\' && quote != '`' ? 2 : 1;
        }
        expect(quote);
    }

    private String name() {
        int start = pos;
        if (!isNameStart(peek())) {
            throw new SyntaxError("expected a name", expr, pos);
        }
        while (pos < expr.length() && (isNameChar(peek()) || peek() == ':')) {
            pos++;
        }
        return expr.substring(start, pos);
    }

    private void expect(char c) {
        skipSpace();
        if (peek() != c) {
            throw new SyntaxError("expected '" + c + "'", expr, pos);
        }
        pos++;
    }

    private boolean consume(char c) {
        skipSpace();
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean consumeAny(String... ops) {
        for (String op : ops) {
            if (expr.startsWith(op, pos)) {
                pos += op.length();
                return true;
            }
        }
        return false;
    }

    private void skipSpace() {
        while (pos < expr.length() && Character.isWhitespace(peek())) {
            pos++;
        }
    }

    private char peek() {
        return charAt(pos);
    }

    private char charAt(int i) {
        return i >= 0 && i < expr.length() ? expr.charAt(i) : '\0';
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
