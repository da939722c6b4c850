package io.logpipe.domain;

import java.time.Duration;
import java.util.List;

/**
 * A durable buffer between ingest and the store, with at-least-once delivery to named consumers.
 *
 * <p><b>Delivery.</b> An entry stays in the queue from {@link #enqueue} until a consumer {@link #acknowledge
 * acknowledges} the lease that held it. A leased but unacknowledged entry is delivered again to the same consumer on
 * its next {@link #lease} (which is how a restarted worker with a stable name resumes), so a consumer may see an entry
 * more than once and must make its processing idempotent. Order is the enqueue order within one lease.
 *
 * <p><b>Thread-safety.</b> Implementations are safe for concurrent use by many ingest threads and workers. One
 * consumer name should be used by one worker thread at a time.
 */
public interface LogQueue {

    /**
     * Adds entries atomically: when this returns, all of them are queued durably (as durable as the queue's server is
     * configured to be); when it throws, none are.
     *
     * @param entries the entries to add, not empty
     * @throws QueueUnavailableException if the queue cannot confirm the write; the caller must not report success
     */
    void enqueue(List<LogEntry> entries);

    /**
     * Takes up to {@code maxEntries} entries for {@code consumer}: first its own entries leased before and not yet
     * acknowledged, then new ones, waiting up to {@code wait} when there are none.
     *
     * @param consumer a stable name for the calling worker, such as its host name
     * @param maxEntries the most entries to return, at least 1
     * @param wait how long to wait for new entries; zero returns at once
     * @return a lease, possibly empty, never null
     * @throws QueueUnavailableException if the queue cannot be read
     */
    Lease lease(String consumer, int maxEntries, Duration wait);

    /**
     * Removes the entries of a lease from the queue for good. Call it only after they are safely stored. Acknowledging
     * an empty lease, or one already acknowledged, does nothing.
     *
     * @throws QueueUnavailableException if the queue cannot confirm; the entries will be delivered again
     */
    void acknowledge(Lease lease);
}
