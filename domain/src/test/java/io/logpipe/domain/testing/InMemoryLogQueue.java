package io.logpipe.domain.testing;

import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.IdempotencyClaim;
import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQueue;
import io.logpipe.domain.QueueFullException;
import io.logpipe.domain.QueueUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link LogQueue} in memory that keeps the port's whole contract, for tests of everything above the queue.
 *
 * <ul>
 *   <li>The entries of one enqueue call are one group with one receipt, and a lease holds whole groups: it takes groups
 *       while it holds fewer than {@code maxEntries}, so it may exceed that by less than one group.
 *   <li>A consumer's leased but unacknowledged groups come back first on its next lease, as a Redis Streams pending
 *       list does; other consumers never see them.
 *   <li>Enqueueing refuses with {@link QueueFullException} when the queue holds {@code maxBacklog} entries or more,
 *       counting delivered but unacknowledged ones.
 *   <li>{@link #enqueueOnce} records claims by tenant and key and never forgets them (retention is not modelled).
 *   <li>A lease with a wait blocks until something is enqueued or the wait ends.
 *   <li>Dead letters go to its {@link #deadLetterStore()}, from which a replay queues them again.
 * </ul>
 *
 * <p>Enqueues and acknowledgements can be made to fail with {@link #failEnqueues} and {@link #failAcknowledgements}.
 * Thread-safe.
 */
public final class InMemoryLogQueue implements LogQueue {
    private record Group(String receipt, List<LogEntry> entries) {
    }

    private record ClaimKey(String tenant, String key) {
    }

    private final Deque<Group> undelivered = new ArrayDeque<>();
    private final Map<String, LinkedHashMap<String, Group>> pendingByConsumer = new HashMap<>();
    private final Map<ClaimKey, IdempotencyClaim> claims = new HashMap<>();
    private final List<LogEntry> everEnqueued = new ArrayList<>();
    private long nextGroup;
    private RuntimeException enqueueFailure;
    private boolean acknowledgeFails;
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final InMemoryDeadLetterStore deadLetterStore = new InMemoryDeadLetterStore(this);

    @Override
    public synchronized void enqueue(List<LogEntry> entries, long maxBacklog) {
        admit(entries, maxBacklog);
        add(entries);
    }

    @Override
    public synchronized Optional<IdempotencyClaim> enqueueOnce(List<LogEntry> entries, long maxBacklog,
            IdempotencyClaim claim) {
        Objects.requireNonNull(claim, "claim");
        requireEntries(entries);
        failIfTold();
        ClaimKey key = new ClaimKey(claim.tenant(), claim.key());
        IdempotencyClaim earlier = claims.get(key);
        if (earlier != null) {
            return Optional.of(earlier);
        }
        admit(entries, maxBacklog);
        claims.put(key, claim);
        add(entries);
        return Optional.empty();
    }

    @Override
    public synchronized Lease lease(String consumer, int maxEntries, Duration wait) {
        Objects.requireNonNull(consumer, "consumer");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        LinkedHashMap<String, Group> pending = pendingByConsumer.computeIfAbsent(consumer, c -> new LinkedHashMap<>());
        if (pending.isEmpty()) {
            awaitUndelivered(wait);
        }
        List<String> receipts = new ArrayList<>();
        List<LogEntry> entries = new ArrayList<>();
        for (Group group : pending.values()) {
            if (entries.size() >= maxEntries) {
                break;
            }
            receipts.add(group.receipt());
            entries.addAll(group.entries());
        }
        while (entries.size() < maxEntries && !undelivered.isEmpty()) {
            Group group = undelivered.removeFirst();
            pending.put(group.receipt(), group);
            receipts.add(group.receipt());
            entries.addAll(group.entries());
        }
        return new Lease(consumer, receipts, entries);
    }

    @Override
    public synchronized void acknowledge(Lease lease, List<DeadLetter> letters) {
        if (acknowledgeFails) {
            throw new QueueUnavailableException("queue down (test)", null);
        }
        LinkedHashMap<String, Group> pending = pendingByConsumer.get(lease.consumer());
        boolean taken = false;
        if (pending != null) {
            for (String receipt : lease.receipts()) {
                taken |= pending.remove(receipt) != null;
            }
        }
        if (taken) {
            deadLetters.addAll(letters);
            letters.forEach(deadLetterStore::setAside);
        }
    }

    /**
     * Every dead letter set aside, in order, whether replayed or purged since or not. A lease acknowledged again sets
     * its dead letters aside only the first time, as Redis does.
     */
    public synchronized List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** The dead letters this queue set aside, to list, replay and purge; always the same store. */
    public InMemoryDeadLetterStore deadLetterStore() {
        return deadLetterStore;
    }

    /**
     * Every entry ever queued, in the order queued, replayed dead letters again; refused requests and repeats of a
     * claimed request add nothing.
     */
    public synchronized List<LogEntry> enqueued() {
        return List.copyOf(everEnqueued);
    }

    /** How many entries the queue holds: not yet delivered, or delivered and not acknowledged. */
    public synchronized int held() {
        int held = 0;
        for (Group group : undelivered) {
            held += group.entries().size();
        }
        for (Map<String, Group> pending : pendingByConsumer.values()) {
            for (Group group : pending.values()) {
                held += group.entries().size();
            }
        }
        return held;
    }

    /** While {@code fail}, every enqueue throws {@link QueueUnavailableException} and queues nothing. */
    public synchronized void failEnqueues(boolean fail) {
        enqueueFailure = fail ? new QueueUnavailableException("queue down (test)", null) : null;
    }

    /**
     * Until called again with null, every enqueue throws {@code failure} and queues nothing: for tests of how callers
     * treat a failure the port does not declare.
     */
    public synchronized void failEnqueuesWith(RuntimeException failure) {
        enqueueFailure = failure;
    }

    /** While {@code fail}, every acknowledgement throws {@link QueueUnavailableException} and removes nothing. */
    public synchronized void failAcknowledgements(boolean fail) {
        acknowledgeFails = fail;
    }

    private void admit(List<LogEntry> entries, long maxBacklog) {
        requireEntries(entries);
        failIfTold();
        int held = held();
        if (held >= maxBacklog) {
            throw new QueueFullException(held, maxBacklog);
        }
    }

    private static void requireEntries(List<LogEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("enqueue needs at least one entry");
        }
    }

    private void failIfTold() {
        if (enqueueFailure != null) {
            throw enqueueFailure;
        }
    }

    /** Queues a replayed dead letter's entries as a group of their own, whatever the backlog, as replay does. */
    void requeue(List<LogEntry> entries) {
        add(entries);
    }

    private void add(List<LogEntry> entries) {
        undelivered.addLast(new Group("group-" + nextGroup++, List.copyOf(entries)));
        everEnqueued.addAll(entries);
        notifyAll();
    }

    private void awaitUndelivered(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (long left = wait.toNanos(); undelivered.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                long millis = Math.max(1, left / 1_000_000);
                wait(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
