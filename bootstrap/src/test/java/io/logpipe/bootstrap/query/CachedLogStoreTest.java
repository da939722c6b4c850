package io.logpipe.bootstrap.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.logpipe.domain.EntryIds;
import io.logpipe.domain.Histogram;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogFilter;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.QueryTimeoutException;
import io.logpipe.domain.SortOrder;
import io.logpipe.domain.TimeRange;
import io.logpipe.domain.testing.InMemoryLogStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedLogStoreTest {
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final TimeRange LAST_HOUR = TimeRange.between(NOW.minus(Duration.ofHours(1)), NOW);

    private final InMemoryLogStore store = new InMemoryLogStore();
    private final AtomicLong nanos = new AtomicLong();
    private final MetricRegistry metrics = new MetricRegistry();
    private final CachedLogStore cache = new CachedLogStore(store, TTL, 10_000, nanos::get, metrics);

    @Test
    void answersAnIdenticalQueryFromTheCacheWithinTheTtl() {
        store.write(List.of(entry("acme", "checkout", "first")));
        LogPage first = cache.query(newest("acme", LAST_HOUR));
        store.write(List.of(entry("acme", "checkout", "second")));
        nanos.addAndGet(TTL.toNanos() - 1);

        LogPage again = cache.query(newest("acme", LAST_HOUR));

        assertThat(again).isEqualTo(first);
        assertThat(messages(again)).containsExactly("first");
        assertThat(store.queries()).hasSize(1);
        assertThat(metrics.meter(CachedLogStore.HITS).getCount()).isEqualTo(1);
        assertThat(metrics.meter(CachedLogStore.MISSES).getCount()).isEqualTo(1);
    }

    @Test
    void asksTheStoreAgainOnceTheTtlHasPassed() {
        store.write(List.of(entry("acme", "checkout", "first")));
        cache.query(newest("acme", LAST_HOUR));
        store.write(List.of(entry("acme", "checkout", "second")));
        nanos.addAndGet(TTL.toNanos());

        LogPage fresh = cache.query(newest("acme", LAST_HOUR));

        assertThat(messages(fresh)).containsExactlyInAnyOrder("first", "second");
        assertThat(metrics.meter(CachedLogStore.MISSES).getCount()).isEqualTo(2);
    }

    @Test
    void neverAnswersOneTenantWithAnotherTenantsPage() {
        store.write(List.of(entry("acme", "checkout", "acme's"), entry("globex", "checkout", "globex's")));
        cache.query(newest("acme", LAST_HOUR));

        LogPage globex = cache.query(newest("globex", LAST_HOUR));

        assertThat(messages(globex)).containsExactly("globex's");
        assertThat(metrics.meter(CachedLogStore.HITS).getCount()).isZero();
    }

    @Test
    void asksTheStoreForAQueryWithOtherFiltersOrderOrSize() {
        store.write(List.of(entry("acme", "checkout", "checkout's"), entry("acme", "billing", "billing's")));
        LogFilter all = LogFilter.of("acme", LAST_HOUR);
        cache.query(LogQuery.newest(all));

        LogPage billing = cache.query(LogQuery.newest(new LogFilter("acme", LAST_HOUR, Set.of("billing"), Set.of(),
                null, Set.of(), null, null, List.of())));
        cache.query(new LogQuery(all, SortOrder.ASC, LogQuery.DEFAULT_LIMIT, null));
        cache.query(new LogQuery(all, SortOrder.DESC, 1, null));

        assertThat(messages(billing)).containsExactly("billing's");
        assertThat(store.queries()).hasSize(4);
        assertThat(metrics.meter(CachedLogStore.HITS).getCount()).isZero();
    }

    @Test
    void treatsRangesEndingNowAsTheSameRequestAtEveryMoment() {
        Instant later = NOW.plusSeconds(3);
        TimeRange lastHourThen = new TimeRange(NOW.minus(Duration.ofHours(1)), NOW, false, false);
        TimeRange lastHourLater = new TimeRange(later.minus(Duration.ofHours(1)), later, false, false);
        Instant from = NOW.minus(Duration.ofMinutes(10));
        TimeRange sinceThen = new TimeRange(from, NOW, true, false);
        TimeRange sinceLater = new TimeRange(from, later, true, false);

        cache.query(newest("acme", lastHourThen));
        cache.query(newest("acme", lastHourLater));
        cache.query(newest("acme", sinceThen));
        cache.query(newest("acme", sinceLater));

        assertThat(store.queries()).hasSize(2);
        assertThat(metrics.meter(CachedLogStore.HITS).getCount()).isEqualTo(2);
    }

    @Test
    void keysRangesWithANamedEndOnTheirInstants() {
        Instant later = NOW.plusSeconds(3);
        cache.query(newest("acme", TimeRange.between(NOW.minus(Duration.ofHours(1)), NOW)));
        cache.query(newest("acme", TimeRange.between(NOW.minus(Duration.ofHours(1)), later)));
        // The default span before a named to: the same instants as the first, named or not.
        cache.query(newest("acme", new TimeRange(NOW.minus(Duration.ofHours(1)), NOW, false, true)));
        // The same instants as the first, but ending "now": another request.
        cache.query(newest("acme", new TimeRange(NOW.minus(Duration.ofHours(1)), NOW, true, false)));

        assertThat(store.queries()).hasSize(3);
        assertThat(metrics.meter(CachedLogStore.HITS).getCount()).isEqualTo(1);
    }

    @Test
    void answersAnIdenticalHistogramFromTheCacheAndAnotherIntervalFromTheStore() {
        store.write(List.of(entry("acme", "checkout", "first")));
        HistogramQuery perMinute = new HistogramQuery(LogFilter.of("acme", LAST_HOUR), Duration.ofMinutes(1));
        Histogram first = cache.histogram(perMinute);
        store.write(List.of(entry("acme", "checkout", "second")));

        Histogram again = cache.histogram(perMinute);
        Histogram perHour = cache.histogram(new HistogramQuery(LogFilter.of("acme", LAST_HOUR), Duration.ofHours(1)));

        assertThat(again).isEqualTo(first);
        assertThat(again.total()).isEqualTo(1);
        assertThat(perHour.total()).isEqualTo(2);
        assertThat(metrics.meter(CachedLogStore.HITS).getCount()).isEqualTo(1);
        assertThat(metrics.meter(CachedLogStore.MISSES).getCount()).isEqualTo(2);
    }

    @Test
    void holdsNoMoreEntriesThanItsBound() {
        CachedLogStore small = new CachedLogStore(store, TTL, 500, nanos::get, metrics);
        for (int i = 0; i < 100; i++) {
            store.write(List.of(entry("acme", "checkout", "entry " + i)));
        }
        // Ten different ranges that each hold all hundred entries: ten pages of 100 entries for a bound of 500.
        List<LogQuery> queries = new java.util.ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            queries.add(newest("acme", TimeRange.between(LAST_HOUR.from(), NOW.plusSeconds(i))));
        }
        queries.forEach(small::query);

        queries.forEach(small::query);

        assertThat(metrics.meter(CachedLogStore.HITS).getCount()).isLessThanOrEqualTo(5);
        assertThat(store.queries()).hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void doesNotKeepAFailure() {
        store.failQueriesWith(new QueryTimeoutException(Duration.ofSeconds(10), null));
        assertThatThrownBy(() -> cache.query(newest("acme", LAST_HOUR))).isInstanceOf(QueryTimeoutException.class);
        store.failQueriesWith(null);
        store.write(List.of(entry("acme", "checkout", "first")));

        assertThat(messages(cache.query(newest("acme", LAST_HOUR)))).containsExactly("first");
    }

    private static LogQuery newest(String tenant, TimeRange range) {
        return LogQuery.newest(LogFilter.of(tenant, range));
    }

    private static LogEntry entry(String tenant, String service, String message) {
        Instant timestamp = NOW.minusSeconds(30);
        return new LogEntry(EntryIds.newId(timestamp), tenant, timestamp, timestamp, service, Level.INFO, message,
                null, null, null, null);
    }

    private static List<String> messages(LogPage page) {
        return page.entries().stream().map(LogEntry::message).toList();
    }
}
