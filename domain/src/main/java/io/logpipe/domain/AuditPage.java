package io.logpipe.domain;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One page of a tenant's audit trail, newest first.
 *
 * @param events at most the requested number
 * @param nextBefore pass as {@code beforeId} to get the next page; empty on the last page
 */
public record AuditPage(List<StoredAuditEvent> events, OptionalLong nextBefore) {
    public AuditPage {
        events = List.copyOf(events);
        Objects.requireNonNull(nextBefore, "nextBefore");
    }
}
