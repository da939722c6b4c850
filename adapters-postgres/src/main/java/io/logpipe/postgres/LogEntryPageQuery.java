package io.logpipe.postgres;

import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.PageCursor;
import io.logpipe.domain.SortOrder;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Reads one page of a search in the query's order by {@code (timestamp, id)}, with keyset paging past its cursor.
 *
 * <p>Newest first walks the primary key {@code (tenant, timestamp, id)} backwards (or the service index, which has
 * the same order within a service), oldest first forwards, so a page stops reading once it holds its rows.
 */
final class LogEntryPageQuery {

    private static final String SELECT = """
            SELECT tenant, id, timestamp, received_at, service, level, message, attributes, trace_id, span_id, host
            FROM log_entries
            """;

    private static final LogEntryRowMapper MAPPER = new LogEntryRowMapper();

    private LogEntryPageQuery() {
    }

    /** Fetches up to {@code rows} entries matching the query, after its cursor if it has one. */
    static List<LogEntry> fetch(Handle handle, LogQuery query, int rows) {
        return statement(handle, query, rows)
                .map(statement -> statement.bindTo(handle).map(MAPPER).list())
                .orElse(List.of());
    }

    /** The statement {@link #fetch} runs, or empty when no entry can match. */
    static Optional<SearchStatement> statement(Handle handle, LogQuery query, int rows) {
        boolean ascending = query.order() == SortOrder.ASC;
        return SearchConditions.of(handle, query.filter()).map(where -> {
            PageCursor after = query.after();
            if (after != null) {
                // The row comparison is the keyset condition; the plain bound on timestamp repeats part of it so the
                // planner can skip the days past the cursor, which it cannot infer from a row comparison.
                where.add(ascending ? "(timestamp, id) > (:afterTimestamp, :afterId)"
                        : "(timestamp, id) < (:afterTimestamp, :afterId)");
                where.add(ascending ? "timestamp >= :afterTimestamp" : "timestamp <= :afterTimestamp");
                where.bind("afterTimestamp", Utc.of(after.timestamp()));
                where.bind("afterId", after.id());
            }
            where.bind("rows", rows);
            String direction = ascending ? "ASC" : "DESC";
            String sql = SELECT + where.whereClause()
                    + "\nORDER BY timestamp " + direction + ", id " + direction
                    + "\nLIMIT :rows";
            return new SearchStatement(sql, where.values());
        });
    }
}
