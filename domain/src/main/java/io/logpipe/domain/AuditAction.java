package io.logpipe.domain;

import java.util.Locale;

/** What an audit event records. */
public enum AuditAction {
    KEY_CREATE("key.create"),
    KEY_REVOKE("key.revoke"),
    KEY_ROTATE("key.rotate"),
    RETENTION_CHANGE("retention.change"),
    DEAD_LETTERS_REPLAY("dead_letters.replay"),
    DEAD_LETTERS_PURGE("dead_letters.purge"),
    ARCHIVE_DROP("archive.drop"),
    /** A request refused for its key (401) or for a role the key lacks (403). */
    AUTH_DENIED("auth.denied");

    private final String wireName;

    AuditAction(String wireName) {
        this.wireName = wireName;
    }

    /** The name as logpipe writes it, such as {@code "key.create"}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Reads a wire name.
     *
     * @throws IllegalArgumentException if {@code name} is null or names no action
     */
    public static AuditAction parse(String name) {
        if (name != null) {
            String lower = name.trim().toLowerCase(Locale.ROOT);
            for (AuditAction action : values()) {
                if (action.wireName.equals(lower)) {
                    return action;
                }
            }
        }
        throw new IllegalArgumentException("unknown audit action '" + name + "'");
    }
}
