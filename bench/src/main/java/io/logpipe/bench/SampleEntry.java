package io.logpipe.bench;

import java.time.Instant;
import java.util.UUID;

/**
 * One generated log entry, with everything both paths need: the JSON body sent to logpipe and the COPY row written
 * straight into PostgreSQL are made from the same values. {@code traceId} is null for an entry outside any trace.
 */
record SampleEntry(
        int tenant,
        UUID id,
        Instant timestamp,
        String service,
        String level,
        String message,
        int httpStatus,
        long userId,
        String region,
        double durationMs,
        String traceId,
        String host) {
}
