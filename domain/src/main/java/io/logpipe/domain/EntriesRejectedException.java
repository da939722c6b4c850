package io.logpipe.domain;

import java.util.Objects;

/**
 * The store refused a write for a reason that retrying cannot fix, such as a value it cannot hold. Nothing of the
 * write was stored. Which entry is to blame is not known: a caller that wants to store the others writes smaller
 * parts until the refused entries are alone.
 */
public final class EntriesRejectedException extends RuntimeException {
    private final String code;

    /**
     * @param reason what the store said, for a human
     * @param code the store's own error code, such as a PostgreSQL SQLSTATE ({@code 22021}), or {@code ""}
     */
    public EntriesRejectedException(String reason, String code, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The store's error code, such as a SQLSTATE; empty if it gave none. */
    public String code() {
        return code;
    }
}
