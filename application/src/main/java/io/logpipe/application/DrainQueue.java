package io.logpipe.application;

import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.EntriesRejectedException;
import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQueue;
import io.logpipe.domain.LogStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves entries from the queue into the store, one lease at a time: lease, write, then acknowledge. The
 * acknowledgement comes only after the write has committed, so a crash at any point leaves the entries in the queue,
 * and the idempotent write makes their redelivery harmless. Nothing is lost and nothing is stored twice.
 *
 * <p>An entry the store refuses for good must not hold up everything queued after it, from every tenant. When the
 * store refuses a batch ({@link EntriesRejectedException}), the batch is written again in halves, and halves of
 * those, until each refused entry is alone: only those become dead letters, acknowledged together with the lease,
 * and every other entry is stored. One bad entry among a thousand costs about twenty writes. A failure a retry may fix
 * ({@link io.logpipe.domain.StoreUnavailableException}) leaves the whole lease for the next call.
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
     *     delivered again on the next call (entries of it already written are then found stored)
     */
    public Drained drainOnce(String consumer) {
        Lease lease = queue.lease(consumer, batchSize, wait);
        if (lease.isEmpty()) {
            return new Drained(0, 0, 0);
        }
        List<DeadLetter> deadLetters = new ArrayList<>(0);
        int stored = writeSettingAsideRefused(lease.entries(), deadLetters);
        queue.acknowledge(lease, deadLetters);
        return new Drained(lease.size(), stored, deadLetters.size());
    }

    /** Writes {@code entries}, isolating the ones the store refuses into {@code deadLetters}; returns how many were new. */
    private int writeSettingAsideRefused(List<LogEntry> entries, List<DeadLetter> deadLetters) {
        try {
            return store.write(entries);
        } catch (EntriesRejectedException refused) {
            if (entries.size() == 1) {
                deadLetters.add(new DeadLetter(entries.get(0), refused.getMessage(), refused.code(), 1));
                return 0;
            }
            int half = entries.size() / 2;
            return writeSettingAsideRefused(entries.subList(0, half), deadLetters)
                    + writeSettingAsideRefused(entries.subList(half, entries.size()), deadLetters);
        }
    }

    /**
     * @param leased entries taken from the queue and acknowledged
     * @param stored of those, entries the store did not already hold
     * @param deadLettered of those, entries the store refused for good, set aside as dead letters
     */
    public record Drained(int leased, int stored, int deadLettered) {
    }
}
