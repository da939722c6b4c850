package io.logpipe.bootstrap.metrics;

import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.IdempotencyClaim;
import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts entries as accepted once the queue has confirmed them, and only then; and keeps how many entries this
 * process's consumers hold leased and not yet acknowledged (a consumer's next lease replaces its last).
 */
public final class MeteredLogQueue implements LogQueue {
    private final LogQueue queue;
    private final PipelineMetrics metrics;
    private final Map<String, Integer> heldByConsumer = new ConcurrentHashMap<>();

    public MeteredLogQueue(LogQueue queue, PipelineMetrics metrics) {
        this.queue = queue;
        this.metrics = metrics;
    }

    @Override
    public void enqueue(List<LogEntry> entries, long maxBacklog) {
        queue.enqueue(entries, maxBacklog);
        metrics.countAccepted(entries.size());
    }

    @Override
    public Optional<IdempotencyClaim> enqueueOnce(List<LogEntry> entries, long maxBacklog, IdempotencyClaim claim) {
        Optional<IdempotencyClaim> earlier = queue.enqueueOnce(entries, maxBacklog, claim);
        if (earlier.isEmpty()) {
            metrics.countAccepted(entries.size());
        }
        return earlier;
    }

    @Override
    public Lease lease(String consumer, int maxEntries, Duration wait) {
        Lease lease = queue.lease(consumer, maxEntries, wait);
        heldByConsumer.put(consumer, lease.size());
        return lease;
    }

    @Override
    public void acknowledge(Lease lease, List<DeadLetter> deadLetters) {
        queue.acknowledge(lease, deadLetters);
        heldByConsumer.put(lease.consumer(), 0);
    }

    /** Entries this process's consumers hold leased and not yet acknowledged. */
    public long held() {
        long held = 0;
        for (int entries : heldByConsumer.values()) {
            held += entries;
        }
        return held;
    }
}
