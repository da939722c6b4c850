package io.logpipe.domain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
     * Adds entries atomically, unless the queue already holds {@code maxBacklog} entries or more: when this returns,
     * all of them are queued durably (as durable as the queue's server is configured to be); when it throws, none are.
     *
     * @param entries the entries to add, not empty
     * @param maxBacklog the most entries the queue may hold before it refuses more; the check and the add are one
     *     atomic step, so concurrent callers overshoot it by at most one request each
     * @throws QueueFullException if the queue holds {@code maxBacklog} entries or more; nothing is queued
     * @throws QueueUnavailableException if the queue cannot confirm the write; the caller must not report success
     */
    void enqueue(List<LogEntry> entries, long maxBacklog);

    /**
     * As {@link #enqueue}, but only if no claim with the same tenant and key is recorded: the claim is recorded in the
     * same atomic step as the entries, so a caller that lost the reply can always retry safely. The claim is kept for
     * its retention, then forgotten.
     *
     * @return empty if the entries were queued; otherwise the claim recorded earlier with this tenant and key, and
     *     nothing was queued
     * @throws QueueFullException if the queue is full and no earlier claim exists; nothing is queued
     * @throws QueueUnavailableException if the queue cannot confirm; the caller may retry with the same claim
     */
    Optional<IdempotencyClaim> enqueueOnce(List<LogEntry> entries, long maxBacklog, IdempotencyClaim claim);

    /**
     * Takes about {@code maxEntries} entries for {@code consumer}: first its own entries leased before and not yet
     * acknowledged, then entries other consumers leased and left unacknowledged for longer than the queue's visibility
     * timeout (their worker is gone), then new ones, waiting up to {@code wait} when there are none. Entries enqueued together travel
     * together, so a lease holds whole such groups and may exceed {@code maxEntries} by less than one group.
     *
     * @param consumer a stable name for the calling worker, such as its host name
     * @param maxEntries how many entries to aim for, at least 1
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
    default void acknowledge(Lease lease) {
        acknowledge(lease, List.of());
    }

    /**
     * As {@link #acknowledge(Lease)}, and in the same atomic step keeps {@code deadLetters}, entries of the lease that
     * can never be stored, where an operator can find them. An empty list acknowledges only.
     *
     * @throws QueueUnavailableException if the queue cannot confirm; the entries, dead letters included, will be
     *     delivered again
     */
    void acknowledge(Lease lease, List<DeadLetter> deadLetters);
}
