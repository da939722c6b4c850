package io.logpipe.postgres;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Converts instants for binding. They go to the driver as {@code OffsetDateTime} at UTC, which it sends as
 * {@code timestamptz} with an explicit offset, so neither the JVM's default zone nor the session's TimeZone can shift
 * them (as they can through {@code java.sql.Timestamp}).
 */
final class Utc {
    private Utc() {
    }

    static OffsetDateTime of(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
