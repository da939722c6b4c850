package io.logpipe.postgres;

import io.logpipe.domain.Histogram;
import io.logpipe.domain.HistogramQuery;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Counts a search's entries per bucket of time, exactly: PostgreSQL returns the buckets that hold entries, and the
 * empty ones are filled in here, so the answer holds every bucket the range touches.
 *
 * <p>Buckets come from {@code date_bin} on the Unix epoch, the same alignment as
 * {@link HistogramQuery#bucketStart}. Its interval is made from a bound number of seconds; every interval offered is
 * a whole number of them.
 */
final class LogEntryHistogramQuery {

    private LogEntryHistogramQuery() {
    }

    static Histogram count(Handle handle, HistogramQuery query) {
        Map<Instant, Long> counts = new HashMap<>();
        statement(handle, query).ifPresent(statement -> statement.bindTo(handle)
                .map((rs, ctx) -> Map.entry(rs.getObject("bucket", OffsetDateTime.class).toInstant(),
                        rs.getLong("entries")))
                .forEach(bucket -> counts.put(bucket.getKey(), bucket.getValue())));
        List<Histogram.Bucket> buckets = query.bucketStarts().stream()
                .map(start -> new Histogram.Bucket(start, counts.getOrDefault(start, 0L)))
                .toList();
        long total = buckets.stream().mapToLong(Histogram.Bucket::count).sum();
        return new Histogram(query.interval(), total, buckets);
    }

    /** The statement {@link #count} runs, or empty when no entry can match. */
    static Optional<SearchStatement> statement(Handle handle, HistogramQuery query) {
        return SearchConditions.of(handle, query.filter()).map(where -> {
            where.bind("bucketSeconds", query.interval().getSeconds());
            String sql = """
                    SELECT date_bin(make_interval(secs => :bucketSeconds), timestamp,
                                    TIMESTAMPTZ '1970-01-01 00:00:00+00') AS bucket,
                           count(*) AS entries
                    FROM log_entries
                    """ + where.whereClause() + "\nGROUP BY bucket";
            return new SearchStatement(sql, where.values());
        });
    }
}
