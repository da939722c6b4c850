package io.logpipe.domain;

import java.util.List;

/**
 * One attribute condition: the value at {@code path} in an entry's attributes equals one of {@code values}. An array
 * value matches an attribute array that contains all of its elements.
 *
 * @param path keys from the outermost object inwards, such as {@code ["http", "status"]} for {@code http.status}
 * @param values JSON texts of the accepted values, such as {@code "500"} and {@code "\"500\""} for a value typed in a
 *     URL, which may be meant as a number or as a string; the domain does not parse them, whoever builds the match
 *     vouches that each is one valid JSON scalar or array
 */
public record AttributeMatch(List<String> path, List<String> values) {
    /** The nesting ingest allows: no attribute lies deeper. */
    public static final int MAX_DEPTH = 8;

    public AttributeMatch {
        path = List.copyOf(path);
        values = List.copyOf(values);
        if (path.isEmpty() || path.size() > MAX_DEPTH) {
            throw new IllegalArgumentException("an attribute path has 1 to " + MAX_DEPTH + " keys");
        }
        if (path.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("an attribute path has no empty key");
        }
        if (values.isEmpty() || values.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("an attribute match needs at least one value");
        }
    }

    /** The path as users write it, keys joined by dots. */
    public String dottedPath() {
        return String.join(".", path);
    }
}
