package io.logpipe.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Exact counts of matching entries per bucket of time, every bucket of the range included, empty ones too.
 *
 * @param interval the bucket length
 * @param total the sum of all counts
 * @param buckets oldest first
 */
public record Histogram(Duration interval, long total, List<Bucket> buckets) {

    /** One bucket: the entries with {@code start <= timestamp < start + interval} inside the range. */
    public record Bucket(Instant start, long count) {
        public Bucket {
            Objects.requireNonNull(start, "start");
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative");
            }
        }
    }

    public Histogram {
        Objects.requireNonNull(interval, "interval");
        buckets = List.copyOf(buckets);
        if (buckets.stream().mapToLong(Bucket::count).sum() != total) {
            throw new IllegalArgumentException("total must be the sum of the buckets");
        }
    }
}
