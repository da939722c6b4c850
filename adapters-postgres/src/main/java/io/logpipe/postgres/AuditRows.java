package io.logpipe.postgres;

import io.logpipe.domain.AuditEvent;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Writes audit events on a handle the caller holds, so that a change and its event commit in the caller's
 * transaction: if the event cannot be written, the change is rolled back with it.
 */
final class AuditRows {
    private static final String INSERT = """
            INSERT INTO audit_events (at, actor, tenant, action, target, outcome, remote_address, detail)
            VALUES (:at, :actor, :tenant, :action, :target, :outcome, :remoteAddress, :detail)
            """;

    private AuditRows() {
    }

    static void insert(Handle handle, AuditEvent event) {
        handle.createUpdate(INSERT)
                .bind("at", Utc.of(event.at()))
                .bind("actor", event.actor())
                .bind("tenant", event.tenant())
                .bind("action", event.action().wireName())
                .bind("target", event.target())
                .bind("outcome", event.outcome().wireName())
                .bind("remoteAddress", event.remoteAddress())
                .bind("detail", event.detail())
                .execute();
    }

    static void insertAll(Handle handle, List<AuditEvent> events) {
        events.forEach(event -> insert(handle, event));
    }
}
