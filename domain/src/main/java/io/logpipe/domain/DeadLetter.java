package io.logpipe.domain;

import java.util.Objects;

/**
 * An entry taken out of the pipeline because it can never be stored, kept with why, so that someone can look at it,
 * fix what is wrong and send it again.
 *
 * @param entry the entry as it was queued
 * @param reason what refused it, for a human
 * @param code the store's error code, such as a SQLSTATE, or {@code ""}
 */
public record DeadLetter(LogEntry entry, String reason, String code) {

    public DeadLetter {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(code, "code");
    }
}
