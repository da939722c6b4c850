package io.logpipe.application;

import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import io.logpipe.domain.StoreUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A {@link LogStore} in memory: idempotent on {@code (tenant, timestamp, id)}, all-or-nothing writes, and queries that
 * honour the tenant and filters, newest first. No paging: a page never has a next cursor. Can be told to fail.
 */
final class InMemoryLogStore implements LogStore {
    private record Identity(String tenant, Instant timestamp, UUID id) {
    }

    private final Map<Identity, LogEntry> entries = new LinkedHashMap<>();
    private final List<LogQuery> queries = new ArrayList<>();
    private int writes;
    private boolean unavailable;

    @Override
    public synchronized int write(List<LogEntry> batch) {
        writes++;
        if (unavailable) {
            throw new StoreUnavailableException("store down (test)", null);
        }
        int added = 0;
        for (LogEntry entry : batch) {
            if (entries.putIfAbsent(new Identity(entry.tenant(), entry.timestamp(), entry.id()), entry) == null) {
                added++;
            }
        }
        return added;
    }

    @Override
    public synchronized LogPage query(LogQuery query) {
        queries.add(query);
        if (unavailable) {
            throw new StoreUnavailableException("store down (test)", null);
        }
        List<LogEntry> page = entries.values().stream()
                .filter(e -> e.tenant().equals(query.tenant()))
                .filter(e -> query.fromInclusive().map(from -> !e.timestamp().isBefore(from)).orElse(true))
                .filter(e -> query.toExclusive().map(to -> e.timestamp().isBefore(to)).orElse(true))
                .filter(e -> query.serviceFilter().map(e.service()::equals).orElse(true))
                .filter(e -> query.levelFilter().map(l -> e.level() == l).orElse(true))
                .sorted(Comparator.comparing(LogEntry::timestamp).thenComparing(LogEntry::id).reversed())
                .limit(query.limit())
                .toList();
        return new LogPage(page, null);
    }

    synchronized List<LogEntry> all() {
        return List.copyOf(entries.values());
    }

    /** How many times {@link #write} was called, failed calls included. */
    synchronized int writeCalls() {
        return writes;
    }

    /** Every query received, as received. */
    synchronized List<LogQuery> queries() {
        return List.copyOf(queries);
    }

    synchronized void setUnavailable(boolean down) {
        unavailable = down;
    }
}
