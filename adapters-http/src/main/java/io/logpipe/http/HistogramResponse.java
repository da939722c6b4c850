package io.logpipe.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logpipe.domain.Histogram;
import java.util.List;

/**
 * Counts of matching entries over time, every bucket of the range included, empty ones too.
 *
 * @param interval the bucket length as clients name it, such as {@code 1m}; what {@code auto} chose, when asked
 * @param total the sum of the counts
 * @param buckets oldest first
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record HistogramResponse(
        @JsonProperty("interval") String interval,
        @JsonProperty("total") long total,
        @JsonProperty("buckets") List<Bucket> buckets) {

    /** @param start RFC 3339 in UTC, aligned to the interval from the Unix epoch */
    record Bucket(@JsonProperty("start") String start, @JsonProperty("count") long count) {
    }

    static HistogramResponse from(Histogram histogram) {
        return new HistogramResponse(
                HistogramIntervals.name(histogram.interval()),
                histogram.total(),
                histogram.buckets().stream()
                        .map(bucket -> new Bucket(Rfc3339.format(bucket.start()), bucket.count()))
                        .toList());
    }
}
