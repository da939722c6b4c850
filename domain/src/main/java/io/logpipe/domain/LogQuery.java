package io.logpipe.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A search over one tenant's entries, newest first.
 *
 * <p>All filters are optional and combine with AND. The time range is half-open: {@code from <= timestamp < to}.
 * Paging is by keyset: {@code after}, when present, is the cursor of the previous page, and the result holds only
 * entries strictly older than it in the order {@code (timestamp DESC, id DESC)}. Entries that arrive later never
 * shift pages already read.
 *
 * @param tenant whose entries to search; always the caller's own
 * @param from inclusive lower bound on the timestamp, or null for none
 * @param to exclusive upper bound on the timestamp, or null for none
 * @param service exact service name, or null for any
 * @param level exact level, or null for any
 * @param limit page size, from 1 to {@link #MAX_LIMIT}
 * @param after the cursor of the previous page, or null for the first page
 */
public record LogQuery(
        String tenant, Instant from, Instant to, String service, Level level, int limit, PageCursor after) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public LogQuery {
        Tenants.requireValid(tenant);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    public Optional<Instant> fromInclusive() {
        return Optional.ofNullable(from);
    }

    public Optional<Instant> toExclusive() {
        return Optional.ofNullable(to);
    }

    public Optional<String> serviceFilter() {
        return Optional.ofNullable(service);
    }

    public Optional<Level> levelFilter() {
        return Optional.ofNullable(level);
    }

    public Optional<PageCursor> cursor() {
        return Optional.ofNullable(after);
    }

    /** The same query restricted to another tenant; used only by callers that bind the tenant from a key. */
    public LogQuery forTenant(String otherTenant) {
        return new LogQuery(Objects.requireNonNull(otherTenant), from, to, service, level, limit, after);
    }
}
