package io.logpipe.domain;

import java.util.Locale;

/**
 * Severity of a log entry, ordered from least to most severe.
 *
 * <p>Names are matched case-insensitively by {@link #parse(String)}, and {@code warning} is accepted as
 * {@link #WARN} because several common shippers spell it that way.
 */
public enum Level {
    TRACE, DEBUG, INFO, WARN, ERROR, FATAL;

    // Parsed and written once or twice per entry on the hot path: neither allocates.
    private static final Level[] LEVELS = values();
    private final String wireName = name().toLowerCase(Locale.ROOT);

    /**
     * Reads a level name as clients send it.
     *
     * @param name a level name in any case, such as {@code "error"} or {@code "WARNING"}
     * @return the matching level
     * @throws IllegalArgumentException if {@code name} is null or names no level
     */
    public static Level parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("level is required");
        }
        String trimmed = name.trim();
        for (Level level : LEVELS) {
            if (level.wireName.equalsIgnoreCase(trimmed)) {
                return level;
            }
        }
        if (trimmed.equalsIgnoreCase("warning")) {
            return WARN;
        }
        throw new IllegalArgumentException(
                "unknown level '" + name + "'; expected one of trace, debug, info, warn, error, fatal");
    }

    /** The name as logpipe writes it in JSON and in the database: lower case, such as {@code "error"}. */
    public String wireName() {
        return wireName;
    }
}
