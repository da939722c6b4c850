package io.logpipe.http;

import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps enqueued entries in a list; can be told to fail the way a broken queue would. */
final class InMemoryLogQueue implements LogQueue {
    private final List<LogEntry> entries = new ArrayList<>();
    private RuntimeException failure;

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    List<LogEntry> entries() {
        return List.copyOf(entries);
    }

    @Override
    public synchronized void enqueue(List<LogEntry> batch) {
        if (failure != null) {
            throw failure;
        }
        entries.addAll(batch);
    }

    @Override
    public Lease lease(String consumer, int maxEntries, Duration wait) {
        throw new UnsupportedOperationException("the HTTP adapter never leases");
    }

    @Override
    public void acknowledge(Lease lease) {
        throw new UnsupportedOperationException("the HTTP adapter never acknowledges");
    }
}
