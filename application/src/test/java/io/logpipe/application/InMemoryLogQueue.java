package io.logpipe.application;

import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQueue;
import io.logpipe.domain.QueueUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LogQueue} in memory with the port's delivery contract: a consumer's leased but unacknowledged entries come
 * back first on its next lease, like a Redis Streams pending list. Never waits. Can be told to fail.
 */
final class InMemoryLogQueue implements LogQueue {
    private final Deque<Map.Entry<String, LogEntry>> undelivered = new ArrayDeque<>();
    private final Map<String, LinkedHashMap<String, LogEntry>> pendingByConsumer = new HashMap<>();
    private final List<LogEntry> everEnqueued = new ArrayList<>();
    private long nextReceipt;
    private boolean enqueueFails;
    private boolean acknowledgeFails;

    @Override
    public synchronized void enqueue(List<LogEntry> entries) {
        if (enqueueFails) {
            throw new QueueUnavailableException("queue down (test)", null);
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("enqueue needs at least one entry");
        }
        for (LogEntry entry : entries) {
            undelivered.addLast(Map.entry(nextReceipt++ + "-0", entry));
        }
        everEnqueued.addAll(entries);
    }

    @Override
    public synchronized Lease lease(String consumer, int maxEntries, Duration wait) {
        LinkedHashMap<String, LogEntry> pending = pendingByConsumer.computeIfAbsent(consumer, c -> new LinkedHashMap<>());
        List<String> receipts = new ArrayList<>();
        List<LogEntry> entries = new ArrayList<>();
        for (Map.Entry<String, LogEntry> held : pending.entrySet()) {
            if (entries.size() == maxEntries) {
                break;
            }
            receipts.add(held.getKey());
            entries.add(held.getValue());
        }
        while (entries.size() < maxEntries && !undelivered.isEmpty()) {
            Map.Entry<String, LogEntry> next = undelivered.removeFirst();
            pending.put(next.getKey(), next.getValue());
            receipts.add(next.getKey());
            entries.add(next.getValue());
        }
        return new Lease(consumer, receipts, entries);
    }

    @Override
    public synchronized void acknowledge(Lease lease) {
        if (acknowledgeFails) {
            throw new QueueUnavailableException("queue down (test)", null);
        }
        LinkedHashMap<String, LogEntry> pending = pendingByConsumer.get(lease.consumer());
        if (pending != null) {
            lease.receipts().forEach(pending::remove);
        }
    }

    /** Every entry ever accepted by {@link #enqueue}, in order. */
    synchronized List<LogEntry> enqueued() {
        return List.copyOf(everEnqueued);
    }

    /** Entries still in the queue: not yet delivered, or delivered and not acknowledged. */
    synchronized int held() {
        return undelivered.size() + pendingByConsumer.values().stream().mapToInt(Map::size).sum();
    }

    synchronized void failEnqueues() {
        enqueueFails = true;
    }

    synchronized void failAcknowledgements(boolean fail) {
        acknowledgeFails = fail;
    }
}
