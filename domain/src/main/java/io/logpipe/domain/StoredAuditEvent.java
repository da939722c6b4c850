package io.logpipe.domain;

import java.util.Objects;

/**
 * An audit event as kept, with the id that orders the trail.
 *
 * @param id unique and increasing in the order events were recorded
 * @param event what was recorded
 */
public record StoredAuditEvent(long id, AuditEvent event) {
    public StoredAuditEvent {
        Objects.requireNonNull(event, "event");
    }
}
