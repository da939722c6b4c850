package io.logpipe.domain;

import java.util.Locale;

/** What an API key may do. Each key carries a set of roles; the use cases check them. */
public enum Role {
    /** May send log entries. */
    INGEST,
    /** May search the entries of its tenant. */
    QUERY,
    /** May manage keys and other tenant-wide settings. */
    ADMIN;

    /**
     * Reads a role name case-insensitively.
     *
     * @throws IllegalArgumentException if {@code name} is null or names no role
     */
    public static Role parse(String name) {
        if (name != null) {
            String upper = name.trim().toUpperCase(Locale.ROOT);
            for (Role role : values()) {
                if (role.name().equals(upper)) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("unknown role '" + name + "'; expected ingest, query or admin");
    }

    /** The name as logpipe writes it: lower case, such as {@code "ingest"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
