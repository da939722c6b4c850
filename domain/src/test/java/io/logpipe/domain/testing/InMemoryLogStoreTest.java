package io.logpipe.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.AttributeMatch;
import io.logpipe.domain.Histogram;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.LogFilter;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.SortOrder;
import io.logpipe.domain.TextSearch;
import io.logpipe.domain.TimeRange;
import java.util.Set;
import io.logpipe.domain.PageCursor;
import io.logpipe.domain.StoreUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The fake keeps the {@link io.logpipe.domain.LogStore} contract that tests of other modules rely on. */
class InMemoryLogStoreTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private static final LogFilter ALL_OF_ACME =
            LogFilter.of("acme", TimeRange.between(T0.minusSeconds(3600), T0.plusSeconds(3600)));

    private final InMemoryLogStore store = new InMemoryLogStore();

    @Test
    void storesAnEntryOnceHoweverOftenItIsWritten() {
        LogEntry entry = entry("acme", "api", Level.INFO, T0, UUID.randomUUID());

        assertThat(store.write(List.of(entry, entry))).isEqualTo(1);
        assertThat(store.write(List.of(entry))).isZero();
        assertThat(store.all()).containsExactly(entry);
        assertThat(store.writeCalls()).isEqualTo(2);
    }

    @Test
    void findsOnlyTheQueriedTenantsEntriesMatchingEveryFilterNewestFirst() {
        store.write(List.of(
                entry("acme", "api", Level.ERROR, T0, UUID.randomUUID()),
                entry("acme", "api", Level.ERROR, T0.plusSeconds(2), UUID.randomUUID()),
                entry("acme", "api", Level.INFO, T0.plusSeconds(3), UUID.randomUUID()),
                entry("acme", "db", Level.ERROR, T0.plusSeconds(4), UUID.randomUUID()),
                entry("acme", "api", Level.ERROR, T0.plusSeconds(10), UUID.randomUUID()),
                entry("globex", "api", Level.ERROR, T0.plusSeconds(5), UUID.randomUUID())));

        LogFilter filter = new LogFilter("acme", TimeRange.between(T0, T0.plusSeconds(10)), Set.of("api"),
                Set.of(Level.ERROR), null, Set.of(), null, null, List.of());
        LogPage page = store.query(LogQuery.newest(filter));

        assertThat(page.entries()).extracting(LogEntry::timestamp).containsExactly(T0.plusSeconds(2), T0);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void pagesThroughEntriesOfOneTimestampInTheOrderPostgresKeepsIds() {
        // As unsigned bytes ffff... sorts last; as a signed long it would sort first.
        UUID low = UUID.fromString("00000000-0000-7000-8000-000000000001");
        UUID middle = UUID.fromString("7fffffff-ffff-7fff-bfff-ffffffffffff");
        UUID high = UUID.fromString("ffffffff-ffff-7fff-bfff-ffffffffffff");
        store.write(List.of(entry("acme", "a", Level.INFO, T0, middle), entry("acme", "b", Level.INFO, T0, low),
                entry("acme", "c", Level.INFO, T0, high)));

        List<UUID> seen = new ArrayList<>();
        PageCursor after = null;
        do {
            LogPage page = store.query(new LogQuery(ALL_OF_ACME, SortOrder.DESC, 1, after));
            page.entries().forEach(entry -> seen.add(entry.id()));
            after = page.next().orElse(null);
        } while (after != null);

        assertThat(seen).containsExactly(high, middle, low);
        assertThat(store.queries()).hasSize(3);
    }

    @Test
    void storesNothingWhileUnavailable() {
        store.setUnavailable(true);

        assertThatThrownBy(() -> store.write(List.of(entry("acme", "api", Level.INFO, T0, UUID.randomUUID()))))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> store.query(LogQuery.newest(ALL_OF_ACME)))
                .isInstanceOf(StoreUnavailableException.class);

        store.setUnavailable(false);
        assertThat(store.all()).isEmpty();
    }

    @Test
    void pagesOldestFirstWhenAsked() {
        store.write(List.of(entry("acme", "api", Level.INFO, T0.plusSeconds(1), UUID.randomUUID()),
                entry("acme", "api", Level.INFO, T0, UUID.randomUUID())));

        LogPage first = store.query(new LogQuery(ALL_OF_ACME, SortOrder.ASC, 1, null));
        LogPage second = store.query(new LogQuery(ALL_OF_ACME, SortOrder.ASC, 1, first.nextCursor()));

        assertThat(first.entries()).extracting(LogEntry::timestamp).containsExactly(T0);
        assertThat(second.entries()).extracting(LogEntry::timestamp).containsExactly(T0.plusSeconds(1));
        assertThat(second.next()).isEmpty();
    }

    @Test
    void matchesWordsPhrasesAndNestedAttributes() {
        LogEntry match = new LogEntry(UUID.randomUUID(), "acme", T0, T0, "api", Level.INFO, "Disk is FULL on /var",
                io.logpipe.domain.Attributes.of("{\"http\": {\"status\": 500}}"), null, null, null);
        LogEntry other = new LogEntry(UUID.randomUUID(), "acme", T0, T0, "api", Level.INFO, "is disk full",
                io.logpipe.domain.Attributes.of("{\"http\": {\"status\": \"500\"}}"), null, null, null);
        store.write(List.of(match, other));
        LogFilter filter = new LogFilter("acme", ALL_OF_ACME.range(), Set.of(), Set.of(), null, Set.of(), null,
                TextSearch.parse("full \"disk is\""),
                List.of(new AttributeMatch(List.of("http", "status"), List.of("500"))));

        assertThat(store.query(LogQuery.newest(filter)).entries()).containsExactly(match);
    }

    @Test
    void countsEveryBucketOfTheRangeEmptyOnesToo() {
        store.write(List.of(entry("acme", "api", Level.INFO, T0.plusSeconds(5), UUID.randomUUID()),
                entry("acme", "api", Level.INFO, T0.plusSeconds(125), UUID.randomUUID()),
                entry("acme", "api", Level.INFO, T0.plusSeconds(130), UUID.randomUUID()),
                entry("globex", "api", Level.INFO, T0.plusSeconds(5), UUID.randomUUID())));
        LogFilter filter = LogFilter.of("acme", TimeRange.between(T0, T0.plusSeconds(180)));

        Histogram histogram = store.histogram(new HistogramQuery(filter, java.time.Duration.ofMinutes(1)));

        assertThat(histogram.total()).isEqualTo(3);
        assertThat(histogram.buckets()).containsExactly(new Histogram.Bucket(T0, 1),
                new Histogram.Bucket(T0.plusSeconds(60), 0), new Histogram.Bucket(T0.plusSeconds(120), 2));
    }

    private static LogEntry entry(String tenant, String service, Level level, Instant timestamp, UUID id) {
        return new LogEntry(id, tenant, timestamp, timestamp, service, level, "hi", null, null, null, null);
    }
}
