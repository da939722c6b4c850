package io.logpipe.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One dead letter as a {@link DeadLetterStore} keeps it, with what an operator needs to decide between replaying and
 * purging it: an entry the store refused for good, a queue record set aside whole (such as one delivered too often
 * without being stored), or a queue record that could not be decoded into entries at all. Immutable and thread-safe.
 *
 * @param id the store's id for it, opaque, never reused
 * @param entries the entries it holds, all of one tenant: one for an entry the store refused, those of the record for
 *     a record set aside whole, none for a record that could not be decoded; copied
 * @param payload the text as it was queued, such as the queue record's JSON document; for an undecodable record the
 *     only way to see what it held
 * @param reason why it was set aside, for a human
 * @param code the store's error code, such as a SQLSTATE, or {@code ""} if there is none, as for an undecodable record
 * @param deliveries how many times the queue delivered it to workers before it was set aside; at least 1
 * @param setAsideAt when it was set aside
 */
public record StoredDeadLetter(String id, List<LogEntry> entries, String payload, String reason, String code,
        int deliveries, Instant setAsideAt) {

    public StoredDeadLetter {
        Objects.requireNonNull(id, "id");
        entries = List.copyOf(entries);
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(setAsideAt, "setAsideAt");
        if (deliveries < 1) {
            throw new IllegalArgumentException("deliveries must be at least 1; got " + deliveries);
        }
        if (entries.stream().map(LogEntry::tenant).distinct().count() > 1) {
            throw new IllegalArgumentException("the entries of a dead letter belong to one tenant");
        }
    }

    /**
     * The tenant of its entries, or null for a record that could not be decoded, which belongs to no tenant and is
     * seen only in the operator's {@link DeadLetterScope#everything()} scope.
     */
    public String tenant() {
        return entries.isEmpty() ? null : entries.get(0).tenant();
    }
}
