package io.logpipe.domain;

import java.util.Objects;

/**
 * An entry taken out of the pipeline because it can never be stored, kept with why, so that someone can look at it,
 * fix what is wrong and send it again (see {@link DeadLetterStore}).
 *
 * @param entry the entry as it was queued
 * @param reason what refused it, for a human
 * @param code the store's error code, such as a SQLSTATE, or {@code ""}
 * @param deliveries how many times the queue delivered the entry to workers, this delivery included; at least 1
 */
public record DeadLetter(LogEntry entry, String reason, String code, int deliveries) {

    public DeadLetter {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(code, "code");
        if (deliveries < 1) {
            throw new IllegalArgumentException("deliveries must be at least 1; got " + deliveries);
        }
    }
}
