package io.logpipe.bootstrap.query;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.Ticker;
import io.dropwizard.util.Duration;
import io.logpipe.domain.LogStore;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The result cache's settings (see {@link CachedLogStore}): how long an answer is reused, and how many are kept. */
public final class QueryCacheFactory {

    /** How long an answer is given again to identical requests; 0 turns the cache off. */
    @NotNull
    @JsonProperty
    private Duration ttl = Duration.seconds(5);

    /** The bound, in entries of cached pages plus buckets of cached histograms. */
    @Min(1)
    @JsonProperty
    private long maximumEntries = 50_000;

    /** {@code store} behind the cache, or {@code store} itself while the cache is off. */
    public LogStore around(LogStore store, MetricRegistry metrics) {
        if (ttl.toNanoseconds() == 0) {
            return store;
        }
        return new CachedLogStore(store, java.time.Duration.ofNanos(ttl.toNanoseconds()), maximumEntries,
                Ticker.systemTicker(), metrics);
    }

    public String describe() {
        return ttl.toNanoseconds() == 0 ? "off" : "answers kept " + ttl + ", at most " + maximumEntries + " entries";
    }
}
