package io.logpipe.application;

import io.logpipe.domain.Level;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A log entry as a client sent it, already parsed but not yet accepted: it has no tenant and no receive time, and
 * its id and timestamp may be missing.
 *
 * @param id the client's id for the entry, or null to have one assigned
 * @param timestamp when the event happened, or null for "now"
 * @param service the emitting service
 * @param level the severity
 * @param message the text
 * @param attributes structured fields, or null
 * @param traceId trace id, or null
 * @param spanId span id, or null
 * @param host host name, or null
 */
public record EntryDraft(
        UUID id,
        Instant timestamp,
        String service,
        Level level,
        String message,
        Map<String, Object> attributes,
        String traceId,
        String spanId,
        String host) {
}
