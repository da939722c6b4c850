package io.logpipe.redis;

import com.fasterxml.jackson.core.JsonPointer;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries {@code BigDecimal} attribute values through JSON for {@link LogEntryCodec}, which reads every fraction as a
 * {@code Double}, as Jackson does by default.
 *
 * <p>Before writing, {@link #find} lists where the attributes hold a {@code BigDecimal}, with its exact text; after
 * reading, {@link #restore} puts those back. Reading fractions as {@code BigDecimal} instead and narrowing the rest
 * would not do: a {@code BigDecimal} has no negative zero, no NaN and no infinity, which doubles have.
 */
final class AttributeDecimals {

    private AttributeDecimals() {
    }

    /** The {@code BigDecimal} values among the attributes, as their text by JSON Pointer, in document order. */
    static Map<String, String> find(Map<String, Object> attributes) {
        Map<String, String> decimals = new LinkedHashMap<>();
        collect(attributes, new ArrayDeque<>(), decimals);
        return decimals;
    }

    /**
     * Puts the decimals back where {@link #find} found them.
     *
     * @param attributes attributes as Jackson read them into mutable maps and lists; changed in place
     * @param decimals what {@link #find} returned before writing, or null for none
     * @return {@code attributes}, or an empty map for null
     * @throws IllegalArgumentException if a pointer leads nowhere in {@code attributes}
     */
    static Map<String, Object> restore(Map<String, Object> attributes, Map<String, String> decimals) {
        if (attributes == null) {
            return Map.of();
        }
        if (decimals != null) {
            decimals.forEach((pointer, text) -> {
                if (!replace(attributes, JsonPointer.compile(pointer), new BigDecimal(text))) {
                    throw new IllegalArgumentException("decimal at '" + pointer + "' has no place in the attributes");
                }
            });
        }
        return attributes;
    }

    // The path is kept as segments and turned into a pointer only for a decimal: this runs for every attribute of
    // every entry queued, and decimals are rare, so building a pointer per attribute cost more than the rest.
    private static void collect(Object value, Deque<Object> path, Map<String, String> decimals) {
        if (value instanceof BigDecimal decimal) {
            decimals.put(pointer(path), decimal.toString());
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> field : map.entrySet()) {
                path.addLast(String.valueOf(field.getKey()));
                collect(field.getValue(), path, decimals);
                path.removeLast();
            }
        } else if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                path.addLast(index++);
                collect(item, path, decimals);
                path.removeLast();
            }
        }
    }

    private static String pointer(Deque<Object> path) {
        JsonPointer at = JsonPointer.empty();
        for (Object segment : path) {
            at = segment instanceof Integer index ? at.appendIndex(index) : at.appendProperty((String) segment);
        }
        return at.toString();
    }

    /** Replaces the value {@code at} points to inside {@code container}; false if there is no such value. */
    @SuppressWarnings("unchecked")
    private static boolean replace(Object container, JsonPointer at, BigDecimal value) {
        if (at.matches()) {
            return false;
        }
        JsonPointer rest = at.tail();
        if (container instanceof Map<?, ?> map && map.containsKey(at.getMatchingProperty())) {
            Map<String, Object> properties = (Map<String, Object>) map;
            if (rest.matches()) {
                properties.put(at.getMatchingProperty(), value);
                return true;
            }
            return replace(properties.get(at.getMatchingProperty()), rest, value);
        }
        if (container instanceof List<?> list && at.mayMatchElement() && at.getMatchingIndex() < list.size()) {
            List<Object> items = (List<Object>) list;
            if (rest.matches()) {
                items.set(at.getMatchingIndex(), value);
                return true;
            }
            return replace(items.get(at.getMatchingIndex()), rest, value);
        }
        return false;
    }
}
