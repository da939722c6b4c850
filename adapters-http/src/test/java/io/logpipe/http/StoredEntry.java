package io.logpipe.http;

import io.logpipe.domain.Attributes;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import java.time.Instant;
import java.util.UUID;

/** Builds the entries query tests store: {@code StoredEntry.at("17:30:00").service("checkout").build()}. */
final class StoredEntry {
    private final Instant timestamp;
    private String tenant = HttpAdapterFixture.TENANT;
    private String service = "svc";
    private Level level = Level.INFO;
    private String message = "message";
    private String attributes = "{}";
    private String host;
    private String traceId;

    private StoredEntry(Instant timestamp) {
        this.timestamp = timestamp;
    }

    /** At {@code time} (such as {@code "17:30:00"}) on the fixture's day, in UTC. */
    static StoredEntry at(String time) {
        return new StoredEntry(Instant.parse("2026-11-26T" + time + "Z"));
    }

    static StoredEntry at(Instant timestamp) {
        return new StoredEntry(timestamp);
    }

    StoredEntry tenant(String value) {
        tenant = value;
        return this;
    }

    StoredEntry service(String value) {
        service = value;
        return this;
    }

    StoredEntry level(Level value) {
        level = value;
        return this;
    }

    StoredEntry message(String value) {
        message = value;
        return this;
    }

    StoredEntry attributes(String json) {
        attributes = json;
        return this;
    }

    StoredEntry host(String value) {
        host = value;
        return this;
    }

    StoredEntry traceId(String value) {
        traceId = value;
        return this;
    }

    LogEntry build() {
        return new LogEntry(UUID.randomUUID(), tenant, timestamp, timestamp, service, level, message,
                Attributes.of(attributes), traceId, null, host);
    }
}
