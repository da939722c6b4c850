package io.logpipe.redis;

import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gathers the records of one lease until it holds about as many entries as asked for, or about its limit of bytes,
 * and says how many records to read next: enough for the entries still missing were they as large as the largest
 * record seen, so a read rarely brings much more than the lease takes. What it does bring beyond that stays pending
 * and comes back first next time. It also keeps the lease's linger: how long it may still wait for more records once
 * it holds some (see {@link LeaseLimits}). Not thread-safe; one per lease.
 */
final class LeaseBuilder {
    /** Bounds one read, a few dozen megabytes at worst, whatever the records turn out to hold. */
    static final int MAX_RECORDS_PER_READ = 64;

    private final String consumer;
    private final int maxEntries;
    private final LeaseLimits limits;
    private final List<String> receipts = new ArrayList<>();
    private final List<LogEntry> entries = new ArrayList<>();
    private int largestRecord;
    private long bytes;
    private long lingerEnd;

    LeaseBuilder(String consumer, int maxEntries, LeaseLimits limits) {
        this.consumer = consumer;
        this.maxEntries = maxEntries;
        this.limits = limits;
    }

    String consumer() {
        return consumer;
    }

    /** @param recordBytes the size of the record's text, near enough its bytes */
    void add(String receipt, List<LogEntry> recordEntries, long recordBytes) {
        if (entries.isEmpty()) {
            lingerEnd = System.nanoTime() + limits.linger().toNanos();
        }
        bytes += recordBytes;
        receipts.add(receipt);
        entries.addAll(recordEntries);
        largestRecord = Math.max(largestRecord, recordEntries.size());
    }

    boolean isFull() {
        return entries.size() >= maxEntries || bytes >= limits.maxBytes();
    }

    /** How long the lease may still wait for more records: zero while it is empty or once its linger is over. */
    int millisToLinger() {
        if (entries.isEmpty()) {
            return 0;
        }
        return (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(lingerEnd - System.nanoTime()));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** One record while their size is unknown, since a single one may hold a thousand entries. */
    int recordsToRead() {
        if (largestRecord == 0) {
            return 1;
        }
        int missing = maxEntries - entries.size();
        return Math.max(1, Math.min(MAX_RECORDS_PER_READ, (missing + largestRecord - 1) / largestRecord));
    }

    Lease build() {
        return new Lease(consumer, receipts, entries);
    }
}
