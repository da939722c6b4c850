package io.logpipe.domain;

import java.util.List;
import java.util.Objects;

/**
 * Entries handed to one consumer by {@link LogQueue#lease}, with the receipts needed to acknowledge them.
 *
 * @param consumer the consumer that holds the lease
 * @param receipts queue-specific handles for what {@link LogQueue#acknowledge} must remove, such as one per queue record
 *     that held the entries; opaque to everyone but the queue
 * @param entries the leased entries
 */
public record Lease(String consumer, List<String> receipts, List<LogEntry> entries) {

    public Lease {
        Objects.requireNonNull(consumer, "consumer");
        receipts = List.copyOf(receipts);
        entries = List.copyOf(entries);
    }

    /** A lease holding nothing. */
    public static Lease empty(String consumer) {
        return new Lease(consumer, List.of(), List.of());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }
}
