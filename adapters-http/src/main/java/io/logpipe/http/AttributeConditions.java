package io.logpipe.http;

import io.logpipe.application.TextRules;
import io.logpipe.domain.AttributeMatch;
import io.logpipe.domain.LogFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request's attribute conditions as its reader finds them: keys written with dots ({@code http.status}) are split
 * into a path, and a path given more than once matches any of its values. The rules for keys are the same whether
 * they come from a URL or a JSON body; how values are typed is the reader's. One instance serves one request; not
 * thread-safe.
 */
final class AttributeConditions {
    /** Far beyond a double's range, and the bound ingest puts on stored numbers, so no stored number lies beyond. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final String prefix;
    private final List<String> problems;
    private final Map<List<String>, Set<String>> valuesByPath = new LinkedHashMap<>();
    private final Map<List<String>, Integer> sentByPath = new LinkedHashMap<>();

    /**
     * @param prefix how the request names attributes in problems: {@code attr} or {@code attributes}
     * @param problems where problems are added, such as {@code "attr.http..status: has an empty key ..."}
     */
    AttributeConditions(String prefix, List<String> problems) {
        this.prefix = prefix;
        this.problems = problems;
    }

    /**
     * Appends the keys of {@code key}, split on dots, to {@code path}.
     *
     * @return false, with a problem added, if a key is empty, cannot be stored, or the path grows deeper than any
     *     stored attribute lies
     */
    boolean appendKey(List<String> path, String key) {
        String problem = TextRules.problem(key);
        if (problem != null) {
            problems.add(where(path, key) + ": " + problem);
            return false;
        }
        int keys = 0;
        int start = 0;
        while (start <= key.length()) {
            int dot = key.indexOf('.', start);
            int end = dot < 0 ? key.length() : dot;
            if (end == start) {
                problems.add(where(path, key) + ": has an empty key; write keys between dots, such as http.status");
                return false;
            }
            if (path.size() + ++keys > AttributeMatch.MAX_DEPTH) {
                problems.add(where(path, key) + ": more than " + AttributeMatch.MAX_DEPTH
                        + " keys deep; no attribute lies deeper");
                return false;
            }
            start = end + 1;
        }
        for (String segment : key.split("\\.", -1)) {
            path.add(segment);
        }
        return true;
    }

    /** Notes one value sent for {@code path}, which matches as any of {@code jsonTexts}. */
    void add(List<String> path, List<String> jsonTexts) {
        List<String> own = List.copyOf(path);
        valuesByPath.computeIfAbsent(own, p -> new LinkedHashSet<>()).addAll(jsonTexts);
        sentByPath.merge(own, 1, Integer::sum);
    }

    /** A problem with a value at {@code path}, named as the request names it. */
    void problem(List<String> path, String problem) {
        problems.add(where(path, null) + ": " + problem);
    }

    /** The conditions, one per path, or none if there are more of them, or of one's values, than a filter holds. */
    List<AttributeMatch> matches() {
        if (valuesByPath.size() > LogFilter.MAX_VALUES) {
            problems.add(prefix + ": at most " + LogFilter.MAX_VALUES + " attribute conditions; got "
                    + valuesByPath.size());
            return List.of();
        }
        List<AttributeMatch> matches = new ArrayList<>(valuesByPath.size());
        valuesByPath.forEach((path, values) -> {
            int sent = sentByPath.get(path);
            if (sent > LogFilter.MAX_VALUES) {
                problem(path, "at most " + LogFilter.MAX_VALUES + " values; got " + sent);
            } else {
                matches.add(new AttributeMatch(path, List.copyOf(values)));
            }
        });
        return matches;
    }

    /**
     * Whether {@code text} is a JSON number a stored attribute could hold: ingest refuses larger exponents, and
     * PostgreSQL refuses far larger ones with an error rather than a non-match.
     */
    static boolean isStorableNumber(String text) {
        return JSON_NUMBER.matcher(text).matches() && AttributesReader.fitsNumeric(text);
    }

    private String where(List<String> path, String key) {
        StringBuilder where = new StringBuilder(prefix);
        for (String segment : path) {
            where.append('.').append(Shown.text(segment));
        }
        if (key != null) {
            where.append('.').append(Shown.text(key));
        }
        return where.toString();
    }
}
