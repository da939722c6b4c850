package io.logpipe.domain.testing;

import io.logpipe.domain.EntriesRejectedException;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import io.logpipe.domain.PageCursor;
import io.logpipe.domain.StoreUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Predicate;
import java.util.Map;
import java.util.UUID;

/**
 * A {@link LogStore} in memory that keeps the port's contract: writes are idempotent on {@code (tenant, timestamp, id)}
 * and all or nothing; queries see only their tenant, apply every filter, order newest first by
 * {@code (timestamp, id)} (ids compared as PostgreSQL does, as unsigned bytes) and page by keyset, with a next cursor
 * whenever more entries match.
 *
 * <p>Records every write call and query, and can be made to fail with {@link #setUnavailable}. Thread-safe.
 */
public final class InMemoryLogStore implements LogStore {
    /** PostgreSQL compares uuids as unsigned bytes; {@link UUID#compareTo} compares signed longs. */
    private static final Comparator<UUID> AS_POSTGRES = Comparator
            .comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
            .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);
    private static final Comparator<LogEntry> NEWEST_FIRST =
            Comparator.comparing(LogEntry::timestamp).thenComparing(LogEntry::id, AS_POSTGRES).reversed();

    private record Identity(String tenant, Instant timestamp, UUID id) {
    }

    private final Map<Identity, LogEntry> entries = new LinkedHashMap<>();
    private final List<LogQuery> queries = new ArrayList<>();
    private int writeCalls;
    private boolean unavailable;

    /** The code refused writes carry, a PostgreSQL SQLSTATE for invalid text. */
    public static final String REFUSED_CODE = "22021";

    private Predicate<LogEntry> refused = entry -> false;

    @Override
    public synchronized int write(List<LogEntry> batch) {
        writeCalls++;
        if (unavailable) {
            throw new StoreUnavailableException("store down (test)", null);
        }
        if (batch.stream().anyMatch(refused)) {
            throw new EntriesRejectedException("refused by the test", REFUSED_CODE, null);
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
        List<LogEntry> matching = entries.values().stream()
                .filter(entry -> entry.tenant().equals(query.tenant()))
                .filter(entry -> query.from() == null || !entry.timestamp().isBefore(query.from()))
                .filter(entry -> query.to() == null || entry.timestamp().isBefore(query.to()))
                .filter(entry -> query.service() == null || entry.service().equals(query.service()))
                .filter(entry -> query.level() == null || entry.level() == query.level())
                .filter(entry -> query.after() == null || isOlder(entry, query.after()))
                .sorted(NEWEST_FIRST)
                .toList();
        List<LogEntry> page = matching.subList(0, Math.min(query.limit(), matching.size()));
        PageCursor next = matching.size() > page.size() ? PageCursor.after(page.get(page.size() - 1)) : null;
        return new LogPage(page, next);
    }

    /** Every entry stored, in the order first written. */
    public synchronized List<LogEntry> all() {
        return List.copyOf(entries.values());
    }

    /** How many times {@link #write} was called, failed calls included. */
    /**
     * From now on, a write holding an entry that matches {@code rule} stores nothing and throws
     * {@link EntriesRejectedException} with code {@value #REFUSED_CODE}, as PostgreSQL refuses a whole batch for one
     * bad row.
     */
    public synchronized void refuse(Predicate<LogEntry> rule) {
        refused = rule;
    }

    public synchronized int writeCalls() {
        return writeCalls;
    }

    /** Every query received, as received, failed ones included. */
    public synchronized List<LogQuery> queries() {
        return List.copyOf(queries);
    }

    /** While {@code down}, every write and query throws {@link StoreUnavailableException} and changes nothing. */
    public synchronized void setUnavailable(boolean down) {
        unavailable = down;
    }

    private static boolean isOlder(LogEntry entry, PageCursor cursor) {
        int byTime = entry.timestamp().compareTo(cursor.timestamp());
        return byTime < 0 || (byTime == 0 && AS_POSTGRES.compare(entry.id(), cursor.id()) < 0);
    }
}
