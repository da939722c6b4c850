package io.logpipe.postgres;

import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Reads one page of a tenant's entries, newest first, with keyset paging on {@code (timestamp, id)}.
 *
 * <p>The SQL holds a condition only for each filter that is set, rather than one fixed statement with
 * {@code (:x IS NULL OR ...)} guards: a plan cached for such a statement can neither prune partitions nor pick the
 * service index. Every condition is a fixed fragment and every value is bound, so no input reaches the SQL text.
 */
final class LogEntryPageQuery {

    private static final String SELECT = """
            SELECT tenant, id, timestamp, received_at, service, level, message, attributes, trace_id, span_id, host
            FROM log_entries
            """;

    private static final String ORDER_AND_LIMIT = """

            ORDER BY timestamp DESC, id DESC
            LIMIT :rows
            """;

    private static final LogEntryRowMapper MAPPER = new LogEntryRowMapper();

    private LogEntryPageQuery() {
    }

    /** Fetches up to {@code rows} entries matching the query, after its cursor if it has one. */
    static List<LogEntry> fetch(Handle handle, LogQuery query, int rows) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        conditions.add("tenant = :tenant");
        values.put("tenant", query.tenant());
        query.fromInclusive().ifPresent(from -> {
            conditions.add("timestamp >= :from");
            values.put("from", Utc.of(from));
        });
        query.toExclusive().ifPresent(to -> {
            conditions.add("timestamp < :to");
            values.put("to", Utc.of(to));
        });
        query.serviceFilter().ifPresent(service -> {
            conditions.add("service = :service");
            values.put("service", service);
        });
        query.levelFilter().ifPresent(level -> {
            conditions.add("level = :level");
            values.put("level", level.wireName());
        });
        query.cursor().ifPresent(cursor -> {
            // The row comparison is the keyset condition; the plain bound on timestamp repeats part of it so the
            // planner can skip partitions newer than the cursor, which it cannot infer from a row comparison.
            conditions.add("(timestamp, id) < (:afterTimestamp, :afterId)");
            conditions.add("timestamp <= :afterTimestamp");
            values.put("afterTimestamp", Utc.of(cursor.timestamp()));
            values.put("afterId", cursor.id());
        });
        values.put("rows", rows);
        return handle.createQuery(SELECT + "WHERE " + String.join("\n  AND ", conditions) + ORDER_AND_LIMIT)
                .bindMap(values)
                .map(MAPPER)
                .list();
    }
}
