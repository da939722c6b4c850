package io.logpipe.bootstrap.query;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.logpipe.domain.Histogram;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers a tenant's identical searches and histograms from memory for a short time, so a dashboard many people keep
 * open, or a client that polls, costs PostgreSQL one query per {@code ttl} rather than one per request. Requests are
 * identical when their {@link CacheKey}s are equal; the tenant is part of every key.
 *
 * <p><b>Staleness.</b> An answer is given again for up to {@code ttl} after the store produced it, and never later.
 * A range whose {@code to} was left open ("until now") is cached as such, so its answer can lack the entries committed
 * in the last {@code ttl}; a range with a named {@code to} can lack entries committed in that time with timestamps in
 * it, such as late or delayed ones.
 *
 * <p><b>Bound.</b> A page weighs as many as its entries, a histogram as its buckets, and the cache holds at most
 * {@code maximumEntries} of that weight, dropping what is least likely to be asked for again. Failures are not cached.
 * Two identical requests that miss at the same time both go to the store.
 *
 * <p>Counts hits and misses as {@code logpipe_query_cache_hits_total} and {@code logpipe_query_cache_misses_total}.
 * Writes go straight to the store. Thread-safe.
 */
public final class CachedLogStore implements LogStore {
    static final String HITS = "logpipe_query_cache_hits";
    static final String MISSES = "logpipe_query_cache_misses";

    private final LogStore store;
    private final Cache<CacheKey, Object> answers;
    private final Meter hits;
    private final Meter misses;

    /**
     * @param ttl how long an answer is given again, positive
     * @param ticker the cache's clock: {@link Ticker#systemTicker()}, or a fake one in tests
     * @param metrics where the hit and miss counters are registered (Dropwizard's registry reaches {@code /metrics})
     */
    public CachedLogStore(LogStore store, Duration ttl, long maximumEntries, Ticker ticker, MetricRegistry metrics) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive; a cache that is off is no CachedLogStore");
        }
        this.store = store;
        this.answers = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumWeight(maximumEntries)
                .weigher(CachedLogStore::weight)
                .ticker(ticker)
                // Upkeep on the calling thread: the bound holds when a put returns, not when a pool gets to it.
                .executor(Runnable::run)
                .build();
        this.hits = metrics.meter(HITS);
        this.misses = metrics.meter(MISSES);
    }

    @Override
    public int write(List<LogEntry> entries) {
        return store.write(entries);
    }

    @Override
    public LogPage query(LogQuery query) {
        return answer(CacheKey.of(query), () -> store.query(query));
    }

    @Override
    public Histogram histogram(HistogramQuery query) {
        return answer(CacheKey.of(query), () -> store.histogram(query));
    }

    @SuppressWarnings("unchecked")
    private <T> T answer(CacheKey key, Supplier<T> ask) {
        // A key of a search only ever holds a page, one of a histogram a histogram.
        T cached = (T) answers.getIfPresent(key);
        if (cached != null) {
            hits.mark();
            return cached;
        }
        misses.mark();
        T answer = ask.get();
        answers.put(key, answer);
        return answer;
    }

    private static int weight(CacheKey key, Object answer) {
        int weight = answer instanceof LogPage page ? page.entries().size() : ((Histogram) answer).buckets().size();
        return Math.max(1, weight);
    }
}
