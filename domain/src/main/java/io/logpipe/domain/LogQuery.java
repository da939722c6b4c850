package io.logpipe.domain;

import java.util.Objects;

/**
 * One page of a search over one tenant's entries.
 *
 * <p>Results are ordered by {@code (timestamp, id)}, newest first unless {@code order} says otherwise. Paging is by
 * keyset: {@code after}, when present, is the cursor of the previous page, and the page holds only entries past it
 * in the order. Entries that arrive later never shift pages already read.
 *
 * @param filter which entries
 * @param order their order
 * @param limit page size, from 1 to {@link #MAX_LIMIT}
 * @param after the cursor of the previous page, or null for the first page; it must have been made for this
 *     filter and order (see {@link PageCursor#continues})
 */
public record LogQuery(LogFilter filter, SortOrder order, int limit, PageCursor after) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public LogQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(order, "order");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
        }
    }

    /** The first page, newest first, of the default size. */
    public static LogQuery newest(LogFilter filter) {
        return new LogQuery(filter, SortOrder.DESC, DEFAULT_LIMIT, null);
    }

    public String tenant() {
        return filter.tenant();
    }

    /** The same query restricted to another tenant; used only by callers that bind the tenant from a key. */
    public LogQuery forTenant(String otherTenant) {
        return new LogQuery(filter.withTenant(Objects.requireNonNull(otherTenant)), order, limit, after);
    }

    /** The query for the page after {@code page}'s last entry. */
    public LogQuery next(PageCursor cursor) {
        return new LogQuery(filter, order, limit, Objects.requireNonNull(cursor));
    }

    /** What a cursor made for this query carries to tell it apart from any other. */
    public long fingerprint() {
        return filter.fingerprint(order);
    }
}
