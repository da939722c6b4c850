package io.logpipe.domain;

import java.util.Locale;

/** The order of a search's results, by {@code (timestamp, id)}. */
public enum SortOrder {
    /** Newest first, {@code desc} on the wire; the default. */
    DESC,
    /** Oldest first, {@code asc} on the wire. */
    ASC;

    /** The name clients send and see: {@code desc} or {@code asc}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException if {@code name} is neither {@code asc} nor {@code desc}, in any case
     */
    public static SortOrder parse(String name) {
        for (SortOrder order : values()) {
            if (order.wireName().equalsIgnoreCase(name.trim())) {
                return order;
            }
        }
        throw new IllegalArgumentException("must be asc or desc; got '" + name + "'");
    }
}
