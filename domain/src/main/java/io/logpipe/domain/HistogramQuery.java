package io.logpipe.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Counts of the entries a filter matches, per interval of time.
 *
 * <p>Buckets are aligned to the interval from the Unix epoch (a one-minute bucket starts on a whole minute, UTC);
 * the first and last may be partly outside the range, and count only what lies inside it.
 *
 * @param filter which entries
 * @param interval the length of each bucket, one of {@link #INTERVALS}
 */
public record HistogramQuery(LogFilter filter, Duration interval) {
    /** The bucket lengths offered: 10 s, 1 min, 1 h, 1 day, all whole seconds. */
    public static final List<Duration> INTERVALS = List.of(
            Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1));
    /** More buckets are refused: a chart cannot show them, and each is an object in the answer. */
    public static final int MAX_BUCKETS = 20_000;
    /** The most buckets {@code auto} picks an interval for: a minute's buckets over a day. */
    public static final int AUTO_BUCKETS = 1_500;

    public HistogramQuery {
        Objects.requireNonNull(filter, "filter");
        if (!INTERVALS.contains(interval)) {
            throw new IllegalArgumentException("interval must be one of " + INTERVALS + "; got " + interval);
        }
        if (bucketCount(filter.range(), interval) > MAX_BUCKETS) {
            throw new IllegalArgumentException("more than " + MAX_BUCKETS + " buckets");
        }
    }

    public HistogramQuery forTenant(String tenant) {
        return new HistogramQuery(filter.withTenant(tenant), interval);
    }

    /** How many aligned buckets of {@code interval} the range touches. */
    public static long bucketCount(TimeRange range, Duration interval) {
        long seconds = interval.getSeconds();
        long first = Math.floorDiv(range.from().getEpochSecond(), seconds);
        long last = Math.floorDiv(lastSecond(range.to()), seconds);
        return last - first + 1;
    }

    /**
     * The interval {@code auto} means: the shortest whose buckets over {@code range} number at most
     * {@code maxBuckets}, or the longest offered.
     */
    public static Duration autoInterval(TimeRange range, int maxBuckets) {
        for (Duration interval : INTERVALS) {
            if (bucketCount(range, interval) <= maxBuckets) {
                return interval;
            }
        }
        return INTERVALS.get(INTERVALS.size() - 1);
    }

    /** The start of the bucket {@code instant} falls in. */
    public Instant bucketStart(Instant instant) {
        long seconds = interval.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }

    /** The start of every bucket the range touches, oldest first. */
    public List<Instant> bucketStarts() {
        Instant first = bucketStart(filter.range().from());
        int count = (int) bucketCount(filter.range(), interval);
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> first.plusSeconds(i * interval.getSeconds()))
                .toList();
    }

    /** The second holding the last instant before an exclusive bound. */
    private static long lastSecond(Instant exclusiveEnd) {
        return exclusiveEnd.getNano() == 0 ? exclusiveEnd.getEpochSecond() - 1 : exclusiveEnd.getEpochSecond();
    }
}
