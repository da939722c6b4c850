package io.logpipe.application;

import io.logpipe.domain.Lease;
import io.logpipe.domain.LogQueue;
import io.logpipe.domain.LogStore;
import java.time.Duration;

/**
 * Moves entries from the queue into the store, one lease at a time: lease, write, then acknowledge. The
 * acknowledgement comes only after the write has committed, so a crash at any point leaves the entries in the queue,
 * and the idempotent write makes their redelivery harmless. Nothing is lost and nothing is stored twice.
 *
 * <p>Not thread-safe per consumer name: run one {@link #drainOnce} at a time for a given consumer.
 */
public final class DrainQueue {
    private final LogQueue queue;
    private final LogStore store;
    private final int batchSize;
    private final Duration wait;

    /**
     * @param batchSize the most entries to move per call
     * @param wait how long one call waits for entries when the queue is empty
     */
    public DrainQueue(LogQueue queue, LogStore store, int batchSize, Duration wait) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        this.queue = queue;
        this.store = store;
        this.batchSize = batchSize;
        this.wait = wait;
    }

    /**
     * Moves at most one batch.
     *
     * @param consumer this worker's stable name
     * @return what was moved; {@code leased == 0} means the queue was empty for the whole wait
     * @throws io.logpipe.domain.QueueUnavailableException if the queue fails; nothing is lost
     * @throws io.logpipe.domain.StoreUnavailableException if the store fails; the lease stays unacknowledged and is
     *     delivered again on the next call
     */
    public Drained drainOnce(String consumer) {
        Lease lease = queue.lease(consumer, batchSize, wait);
        if (lease.isEmpty()) {
            return new Drained(0, 0);
        }
        int stored = store.write(lease.entries());
        queue.acknowledge(lease);
        return new Drained(lease.size(), stored);
    }

    /**
     * @param leased entries taken from the queue and acknowledged
     * @param stored of those, entries the store did not already hold
     */
    public record Drained(int leased, int stored) {
    }
}
