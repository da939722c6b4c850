package io.logpipe.domain;

import java.util.Locale;

/** How an audited action ended. */
public enum AuditOutcome {
    /** It was done. */
    SUCCESS,
    /** It was refused: the caller was not allowed to do it. */
    DENIED,
    /** It was attempted and failed, such as when the store it changes was unreachable. */
    FAILURE;

    /** The name as logpipe writes it: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
