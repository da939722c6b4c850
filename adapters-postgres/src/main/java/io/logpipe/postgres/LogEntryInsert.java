package io.logpipe.postgres;

import io.logpipe.domain.LogEntry;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Inserts a batch of entries in one statement, skipping those stored already: the write for a batch that
 * {@link LogEntryCopy} found to hold a redelivered entry. The batch goes over as one array per column and
 * {@code unnest} turns the arrays back into rows. That is one round trip and one plan however large the batch, and the statement's row
 * count is exactly the number of entries newly stored.
 *
 * <p>Attributes go over as their text and PostgreSQL parses each into {@code jsonb}. Text that is not valid JSON fails
 * the whole statement with SQLSTATE 22P02, which {@link StoreFailures} reports as permanent.
 */
final class LogEntryInsert {

    // The conflict target names the idempotency key, so only a redelivered entry is skipped; a conflict on any other
    // unique constraint added later would still raise.
    private static final String INSERT = """
            INSERT INTO log_entries
                (tenant, id, timestamp, received_at, service, level, message, attributes, trace_id, span_id, host)
            SELECT *
            FROM unnest(
                :tenants::text[], :ids::uuid[], :timestamps::timestamptz[], :receivedAts::timestamptz[],
                :services::text[], :levels::text[], :messages::text[], :attributes::jsonb[],
                :traceIds::text[], :spanIds::text[], :hosts::text[])
            ON CONFLICT (tenant, timestamp, id) DO NOTHING
            """;

    private LogEntryInsert() {
    }

    /** Inserts the entries, skipping those already stored, and returns how many were new. */
    static int insert(Handle handle, List<LogEntry> entries) {
        int size = entries.size();
        String[] tenants = new String[size];
        UUID[] ids = new UUID[size];
        OffsetDateTime[] timestamps = new OffsetDateTime[size];
        OffsetDateTime[] receivedAts = new OffsetDateTime[size];
        String[] services = new String[size];
        String[] levels = new String[size];
        String[] messages = new String[size];
        String[] attributes = new String[size];
        String[] traceIds = new String[size];
        String[] spanIds = new String[size];
        String[] hosts = new String[size];
        for (int i = 0; i < size; i++) {
            LogEntry entry = entries.get(i);
            tenants[i] = entry.tenant();
            ids[i] = entry.id();
            timestamps[i] = Utc.of(entry.timestamp());
            receivedAts[i] = Utc.of(entry.receivedAt());
            services[i] = entry.service();
            levels[i] = entry.level().wireName();
            messages[i] = entry.message();
            attributes[i] = entry.attributes().json();
            traceIds[i] = entry.traceId();
            spanIds[i] = entry.spanId();
            hosts[i] = entry.host();
        }
        return handle.createUpdate(INSERT)
                .bind("tenants", tenants)
                .bind("ids", ids)
                .bind("timestamps", timestamps)
                .bind("receivedAts", receivedAts)
                .bind("services", services)
                .bind("levels", levels)
                .bind("messages", messages)
                .bind("attributes", attributes)
                .bind("traceIds", traceIds)
                .bind("spanIds", spanIds)
                .bind("hosts", hosts)
                .execute();
    }
}
