package io.logpipe.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The half-open time range {@code from <= timestamp < to} a search covers.
 *
 * <p>A range also says which ends the client gave and which were filled in by default: a range whose {@code to} was
 * "now" means "the newest entries" to a cache, not a fixed instant.
 *
 * @param from inclusive lower bound
 * @param to exclusive upper bound, later than {@code from}
 * @param fromGiven whether the client named {@code from}, rather than taking the default span before {@code to}
 * @param toGiven whether the client named {@code to}, rather than taking the time of the request
 */
public record TimeRange(Instant from, Instant to, boolean fromGiven, boolean toGiven) {

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    /** A range with both ends named. */
    public static TimeRange between(Instant from, Instant to) {
        return new TimeRange(from, to, true, true);
    }

    public Duration span() {
        return Duration.between(from, to);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    /** The same instants, both marked as named: what a cursor pins for the pages after the first. */
    public TimeRange pinned() {
        return new TimeRange(from, to, true, true);
    }
}
