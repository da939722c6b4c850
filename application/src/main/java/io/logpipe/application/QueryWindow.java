package io.logpipe.application;

import io.logpipe.domain.PageCursor;
import io.logpipe.domain.TimeRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The time range a search covers, from what the client sent: {@code to} defaults to now and {@code from} to a span
 * before it, and no range may be longer than the maximum span, so no search walks a tenant's whole history. The
 * pages after the first keep the first page's range, which their cursor carries.
 */
public final class QueryWindow {
    private final Clock clock;
    private final Duration defaultSpan;
    private final Duration maxSpan;

    public QueryWindow(Clock clock, Duration defaultSpan, Duration maxSpan) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (defaultSpan.isNegative() || defaultSpan.isZero() || defaultSpan.compareTo(maxSpan) > 0) {
            throw new IllegalArgumentException("the default span must be positive and no longer than the maximum");
        }
        this.defaultSpan = defaultSpan;
        this.maxSpan = maxSpan;
    }

    /**
     * The range for a search.
     *
     * @param from as sent, or null
     * @param to as sent, or null
     * @param cursor the cursor sent, or null; when present and neither end is sent, its range is the range
     * @param errors where each problem is added, prefixed with the parameter's name
     * @return the range, or null when a problem was added
     */
    public TimeRange resolve(Instant from, Instant to, PageCursor cursor, List<String> errors) {
        if (cursor != null && from == null && to == null) {
            return cursor.range();
        }
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : end.minus(defaultSpan);
        if (!start.isBefore(end)) {
            errors.add(to != null ? "to: must be later than from" : "from: must be earlier than now when to is not given");
            return null;
        }
        if (Duration.between(start, end).compareTo(maxSpan) > 0) {
            errors.add("from: the range from from to to must be at most " + describe(maxSpan) + " long");
            return null;
        }
        return new TimeRange(start, end, from != null, to != null);
    }

    public Duration maxSpan() {
        return maxSpan;
    }

    private static String describe(Duration span) {
        return span.toHours() % 24 == 0 && span.toDays() > 0 ? span.toDays() + " days" : span.toString();
    }
}
