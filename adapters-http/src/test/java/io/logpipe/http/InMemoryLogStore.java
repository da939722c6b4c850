package io.logpipe.http;

import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import io.logpipe.domain.PageCursor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Answers queries from a list, with the same ordering and keyset paging the real store promises. */
final class InMemoryLogStore implements LogStore {
    private static final Comparator<LogEntry> NEWEST_FIRST =
            Comparator.comparing(LogEntry::timestamp).thenComparing(LogEntry::id).reversed();

    private final List<LogEntry> entries = new ArrayList<>();
    private final List<LogQuery> queries = new ArrayList<>();

    @Override
    public synchronized int write(List<LogEntry> batch) {
        entries.addAll(batch);
        return batch.size();
    }

    /** Every query the store was asked, in order. */
    synchronized List<LogQuery> queries() {
        return List.copyOf(queries);
    }

    @Override
    public synchronized LogPage query(LogQuery query) {
        queries.add(query);
        List<LogEntry> matching = entries.stream()
                .filter(entry -> entry.tenant().equals(query.tenant()))
                .filter(entry -> query.fromInclusive().map(from -> !entry.timestamp().isBefore(from)).orElse(true))
                .filter(entry -> query.toExclusive().map(to -> entry.timestamp().isBefore(to)).orElse(true))
                .filter(entry -> query.serviceFilter().map(entry.service()::equals).orElse(true))
                .filter(entry -> query.levelFilter().map(level -> entry.level() == level).orElse(true))
                .filter(entry -> query.cursor().map(cursor -> isOlder(entry, cursor)).orElse(true))
                .sorted(NEWEST_FIRST)
                .toList();
        List<LogEntry> page = matching.stream().limit(query.limit()).toList();
        PageCursor next = matching.size() > page.size() ? PageCursor.after(page.get(page.size() - 1)) : null;
        return new LogPage(page, next);
    }

    private static boolean isOlder(LogEntry entry, PageCursor cursor) {
        int byTime = entry.timestamp().compareTo(cursor.timestamp());
        return byTime < 0 || (byTime == 0 && entry.id().compareTo(cursor.id()) < 0);
    }
}
