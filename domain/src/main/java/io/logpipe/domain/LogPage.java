package io.logpipe.domain;

import java.util.List;
import java.util.Optional;

/**
 * One page of search results.
 *
 * @param entries the entries, in the query's order
 * @param nextCursor where the next page starts, or null when this is the last page
 */
public record LogPage(List<LogEntry> entries, PageCursor nextCursor) {

    public LogPage {
        entries = List.copyOf(entries);
    }

    /** The cursor for the following page, if there may be one. */
    public Optional<PageCursor> next() {
        return Optional.ofNullable(nextCursor);
    }
}
