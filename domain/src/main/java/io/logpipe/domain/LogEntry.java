package io.logpipe.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One stored log entry, as it travels from ingest through the queue into the store and back out of a query.
 *
 * <p>Identity is {@code (tenant, timestamp, id)}: the store keeps one entry per such triple, which is what makes
 * redelivery from the queue harmless. Timestamps are held to microseconds, the precision PostgreSQL keeps, so an entry
 * reads back exactly as it was accepted. Immutable and thread-safe.
 *
 * @param id a time-ordered UUID (version 7) assigned at ingest unless the client gave one
 * @param tenant the tenant of the API key that sent it
 * @param timestamp when the event happened, as the client says; defaults to {@code receivedAt}
 * @param receivedAt when logpipe accepted it
 * @param service the emitting service, never blank
 * @param level the severity
 * @param message the human-readable text, possibly empty
 * @param attributes structured fields as one JSON object; null becomes {@link Attributes#none()}
 * @param traceId optional distributed-trace id, or null
 * @param spanId optional span id, or null
 * @param host optional host name, or null
 */
public record LogEntry(
        UUID id,
        String tenant,
        Instant timestamp,
        Instant receivedAt,
        String service,
        Level level,
        String message,
        Attributes attributes,
        String traceId,
        String spanId,
        String host) {

    public LogEntry {
        Objects.requireNonNull(id, "id");
        Tenants.requireValid(tenant);
        timestamp = Objects.requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.MICROS);
        receivedAt = Objects.requireNonNull(receivedAt, "receivedAt").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(service, "service");
        if (service.isBlank()) {
            throw new IllegalArgumentException("service must not be blank");
        }
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
        attributes = attributes == null ? Attributes.none() : attributes;
    }
}
