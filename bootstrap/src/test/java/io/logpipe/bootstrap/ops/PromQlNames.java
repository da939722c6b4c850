package io.logpipe.bootstrap.ops;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression selects, each with the label names its matchers use ({@code up{job="x"}} gives
 * {@code up -> [job]}).
 *
 * <p>The expression is scanned token by token, not parsed: an identifier is a metric name unless a parenthesis follows
 * it (a function call such as {@code rate(}) or it is one of PromQL's keywords (aggregation operators, set operators,
 * modifiers). String literals, ranges and subqueries in {@code [...]}, numbers and durations, the label lists of
 * {@code by}, {@code without}, {@code on}, {@code ignoring} and {@code group_left}/{@code group_right}, and Grafana's
 * variables ({@code $instance}, {@code $__rate_interval}, {@code ${instance}}) name no metric. That is enough for the
 * expressions of alert rules and dashboards, which Prometheus itself parses; an invalid expression yields whatever
 * names its tokens suggest rather than an error.
 */
final class PromQlNames {
    /** Keywords that may stand without a parenthesis after them; every function is followed by one. */
    private static final Set<String> KEYWORDS = Set.of(
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio",
            "and", "or", "unless", "atan2", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan");
    private static final Set<String> LABEL_LIST_KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private final String text;
    private final Map<String, Set<String>> metrics = new TreeMap<>();
    private int at;

    private PromQlNames(String text) {
        this.text = text;
    }

    /** Each metric name {@code expression} selects, sorted, with the sorted label names of its matchers. */
    static Map<String, Set<String>> in(String expression) {
        PromQlNames scan = new PromQlNames(expression);
        scan.scan();
        return scan.metrics;
    }

    /** Adds {@code more}'s metrics and labels to {@code into}. */
    static void addAll(Map<String, Set<String>> into, Map<String, Set<String>> more) {
        more.forEach((metric, labels) -> into.computeIfAbsent(metric, name -> new TreeSet<>()).addAll(labels));
    }

    private void scan() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '"' || c == '\'' || c == '`') {
                skipString();
            } else if (c == '#') {
                skipPast('\n');
            } else if (c == '[') {
                skipPast(']');
            } else if (c == '{') {
                readMatchers(null);
            } else if (c == '$') {
                skipVariable();
            } else if (Character.isDigit(c) || c == '.' && isDigitAt(at + 1)) {
                skipNumber();
            } else if (startsIdentifier(c)) {
                readIdentifier();
            } else {
                at++;
            }
        }
    }

    private void readIdentifier() {
        int start = at;
        while (at < text.length() && continuesIdentifier(text.charAt(at))) {
            at++;
        }
        String name = text.substring(start, at);
        String keyword = name.toLowerCase(Locale.ROOT);
        char next = nextNonBlank();
        if (LABEL_LIST_KEYWORDS.contains(keyword)) {
            if (next == '(') {
                skipPast(')');
            }
        } else if (!KEYWORDS.contains(keyword) && next != '(') {
            Set<String> labels = metrics.computeIfAbsent(name, metric -> new TreeSet<>());
            if (next == '{') {
                readMatchers(labels);
            }
        }
    }

    /** Reads {@code {label="value", ...}} from the brace at {@link #at}, adding each label name to {@code labels}. */
    private void readMatchers(Set<String> labels) {
        at++;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '}') {
                at++;
                return;
            } else if (c == '"' || c == '\'' || c == '`') {
                skipString();
            } else if (c == '$') {
                skipVariable();
            } else if (startsIdentifier(c)) {
                int start = at;
                while (at < text.length() && continuesIdentifier(text.charAt(at))) {
                    at++;
                }
                String label = text.substring(start, at);
                // A __name__ matcher chooses the metric; it is no label a series carries.
                if (labels != null && !label.equals("__name__")) {
                    labels.add(label);
                }
            } else {
                at++;
            }
        }
    }

    private void skipString() {
        char quote = text.charAt(at++);
        while (at < text.length() && text.charAt(at) != quote) {
            // Raw strings in backticks have no escapes.
            at += text.charAt(at) == '\\' && quote != '`' ? 2 : 1;
        }
        at++;
    }

    /** {@code $name}, {@code $__name} and {@code ${name:format}}; {@code [[name]]} goes with the brackets. */
    private void skipVariable() {
        at++;
        if (at < text.length() && text.charAt(at) == '{') {
            skipPast('}');
            return;
        }
        while (at < text.length() && continuesIdentifier(text.charAt(at))) {
            at++;
        }
    }

    /** Numbers in PromQL's notations ({@code 0.95}, {@code 1e-3}, {@code 0x1f}) and durations such as {@code 1h30m}. */
    private void skipNumber() {
        while (at < text.length()) {
            char c = text.charAt(at);
            boolean signedExponent = (c == '+' || c == '-') && isExponentAt(at - 1) && isDigitAt(at + 1);
            if (!Character.isLetterOrDigit(c) && c != '.' && c != '_' && !signedExponent) {
                return;
            }
            at++;
        }
    }

    private void skipPast(char end) {
        int found = text.indexOf(end, at + 1);
        at = found < 0 ? text.length() : found + 1;
    }

    /** The next character that is not white space, leaving {@link #at} on it. */
    private char nextNonBlank() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at < text.length() ? text.charAt(at) : 0;
    }

    private boolean isDigitAt(int index) {
        return index < text.length() && Character.isDigit(text.charAt(index));
    }

    private boolean isExponentAt(int index) {
        return index >= 0 && (text.charAt(index) == 'e' || text.charAt(index) == 'E');
    }

    private static boolean startsIdentifier(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
    }

    private static boolean continuesIdentifier(char c) {
        return startsIdentifier(c) || c >= '0' && c <= '9';
    }
}
