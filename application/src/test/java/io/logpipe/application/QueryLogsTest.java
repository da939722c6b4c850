package io.logpipe.application;

import static io.logpipe.application.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.AccessDeniedException;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import java.util.ArrayList;
import java.time.ZoneOffset;
import java.time.Duration;
import java.time.Clock;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.Histogram;
import io.logpipe.domain.MalformedRequestException;
import io.logpipe.domain.PageCursor;
import io.logpipe.domain.SortOrder;
import io.logpipe.domain.TimeRange;
import io.logpipe.domain.LogFilter;
import io.logpipe.domain.Principal;
import io.logpipe.domain.RateLimits;
import io.logpipe.domain.Role;
import io.logpipe.domain.testing.InMemoryLogStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryLogsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Principal ACME_READER = new Principal("00000000000000a1", "acme", Set.of(Role.QUERY));
    private static final TimeRange AROUND_T0 = TimeRange.between(T0.minusSeconds(60), T0.plusSeconds(60));

    private final InMemoryLogStore store = new InMemoryLogStore();
    private final Clock clock = Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC);
    private final QueryWindow window = new QueryWindow(clock, Duration.ofHours(1), Duration.ofDays(31));
    private final QueryLogs queryLogs = new QueryLogs(store, window, RateLimits.UNLIMITED);

    @BeforeEach
    void givenEntriesOfTwoTenants() {
        store.write(List.of(
                entry("acme", "api", T0),
                entry("globex", "api", T0.plusSeconds(1)),
                entry("acme", "db", T0.plusSeconds(2)),
                entry("globex", "db", T0.plusSeconds(3))));
    }

    @Test
    void findsTheCallersOwnEntries() {
        LogPage page = queryLogs.page(ACME_READER, LogQuery.newest(LogFilter.of("acme", AROUND_T0)));

        assertThat(page.entries()).extracting(LogEntry::service).containsExactly("db", "api");
        assertThat(page.entries()).extracting(LogEntry::tenant).containsOnly("acme");
    }

    @Test
    void searchesTheCallersTenantEvenWhenTheQueryNamesAnother() {
        LogPage page = queryLogs.page(ACME_READER, LogQuery.newest(LogFilter.of("globex", AROUND_T0)));

        assertThat(page.entries()).isNotEmpty().extracting(LogEntry::tenant).containsOnly("acme");
        assertThat(store.queries()).extracting(LogQuery::tenant).containsExactly("acme");
    }

    @Test
    void keepsTheFiltersWhileForcingTheTenant() {
        LogFilter filter = new LogFilter("globex", AROUND_T0, Set.of("db"), Set.of(), null, Set.of(), null, null,
                List.of());
        LogQuery query = new LogQuery(filter, SortOrder.DESC, 10, null);

        LogPage page = queryLogs.page(ACME_READER, query);

        assertThat(page.entries()).singleElement().satisfies(e -> {
            assertThat(e.tenant()).isEqualTo("acme");
            assertThat(e.service()).isEqualTo("db");
        });
        assertThat(store.queries()).containsExactly(query.forTenant("acme"));
    }

    @Test
    void requiresTheQueryRole() {
        Principal shipper = new Principal("00000000000000b2", "acme", Set.of(Role.INGEST, Role.ADMIN));

        assertThatThrownBy(() -> queryLogs.page(shipper, LogQuery.newest(LogFilter.of("acme", AROUND_T0))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> queryLogs.histogram(shipper,
                new HistogramQuery(LogFilter.of("acme", AROUND_T0), Duration.ofMinutes(1))))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(store.queries()).isEmpty();
    }

    @Test
    void refusesACursorMadeForAnotherSearch() {
        LogQuery first = new LogQuery(LogFilter.of("acme", AROUND_T0), SortOrder.DESC, 1, null);
        PageCursor cursor = queryLogs.page(ACME_READER, first).nextCursor();
        LogFilter otherFilter = new LogFilter("acme", AROUND_T0, Set.of("db"), Set.of(), null, Set.of(), null,
                null, List.of());

        assertThatThrownBy(() -> queryLogs.page(ACME_READER, new LogQuery(otherFilter, SortOrder.DESC, 1, cursor)))
                .isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> queryLogs.page(ACME_READER,
                new LogQuery(first.filter(), SortOrder.ASC, 1, cursor)))
                .isInstanceOf(MalformedRequestException.class);
        assertThat(queryLogs.page(ACME_READER, first.next(cursor)).entries())
                .extracting(LogEntry::service).containsExactly("api");
    }

    @Test
    void countsOnlyTheCallersEntries() {
        Histogram histogram = queryLogs.histogram(ACME_READER,
                new HistogramQuery(LogFilter.of("globex", AROUND_T0), Duration.ofMinutes(1)));

        assertThat(histogram.total()).isEqualTo(2);
        assertThat(histogram.buckets()).hasSize(2);
    }

    @Test
    void defaultsToTheHourBeforeNow() {
        List<String> errors = new ArrayList<>();

        TimeRange range = window.resolve(null, null, null, errors);

        assertThat(errors).isEmpty();
        assertThat(range).isEqualTo(new TimeRange(clock.instant().minusSeconds(3600), clock.instant(), false, false));
    }

    @Test
    void refusesARangeLongerThanTheMaximumOrReversed() {
        List<String> errors = new ArrayList<>();

        assertThat(window.resolve(T0.minus(Duration.ofDays(32)), T0, null, errors)).isNull();
        assertThat(window.resolve(T0, T0.minusSeconds(1), null, errors)).isNull();
        assertThat(window.resolve(clock.instant().plusSeconds(1), null, null, errors)).isNull();

        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).contains("31 days");
        assertThat(errors.get(1)).startsWith("to:");
    }

    @Test
    void keepsTheCursorsRangeWhenNoEndIsSent() {
        PageCursor cursor = new PageCursor(T0, java.util.UUID.randomUUID(), AROUND_T0, 42);

        assertThat(window.resolve(null, null, cursor, new ArrayList<>())).isEqualTo(AROUND_T0);
    }

}
