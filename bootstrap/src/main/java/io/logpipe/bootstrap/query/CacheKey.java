package io.logpipe.bootstrap.query;

import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.TimeRange;
import java.time.Duration;
import java.time.Instant;

/**
 * What makes two searches, or two histograms, the same to the cache: the same tenant, conditions, order, size and
 * cursor, and the same range as the client asked for it. An end the client named is kept as its instant; a {@code to}
 * left to its default is "now", different on every request, so it is kept as no instant at all, and neither is a
 * {@code from} defaulted before it (only the span is).
 *
 * @param request the query with its range replaced by {@link #ANY}, so its equality ignores the range
 * @param from the instant the range starts at, or null when it starts a span before "now"
 * @param to the instant the range ends at, or null when it ends at "now"
 * @param span the span before "now", or null when {@code from} is an instant
 */
record CacheKey(Object request, Instant from, Instant to, Duration span) {
    private static final TimeRange ANY = TimeRange.between(Instant.EPOCH, Instant.EPOCH.plusNanos(1));

    static CacheKey of(LogQuery query) {
        LogQuery rangeless = new LogQuery(query.filter().withRange(ANY), query.order(), query.limit(), query.after());
        return of(rangeless, query.filter().range());
    }

    static CacheKey of(HistogramQuery query) {
        return of(new HistogramQuery(query.filter().withRange(ANY), query.interval()), query.filter().range());
    }

    private static CacheKey of(Object request, TimeRange range) {
        if (range.toGiven()) {
            // A defaulted from lies the default span before the named to: both are fixed instants.
            return new CacheKey(request, range.from(), range.to(), null);
        }
        if (range.fromGiven()) {
            return new CacheKey(request, range.from(), null, null);
        }
        return new CacheKey(request, null, null, range.span());
    }
}
