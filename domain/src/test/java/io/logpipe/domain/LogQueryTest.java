package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogQueryTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-03-01T11:00:00Z");
    private static final LogFilter ACME = LogFilter.of("acme", TimeRange.between(T0, T1));

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1001, Integer.MAX_VALUE})
    void rejectsLimitOutsideOneToAThousand(int limit) {
        assertThatThrownBy(() -> new LogQuery(ACME, SortOrder.DESC, limit, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit")
                .hasMessageContaining(String.valueOf(limit));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, LogQuery.DEFAULT_LIMIT, LogQuery.MAX_LIMIT})
    void acceptsLimitFromOneToAThousand(int limit) {
        assertThat(new LogQuery(ACME, SortOrder.DESC, limit, null).limit()).isEqualTo(limit);
    }

    @Test
    void rejectsAnEmptyTimeRange() {
        assertThatThrownBy(() -> TimeRange.between(T0, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from");
    }

    @Test
    void rejectsAReversedTimeRange() {
        assertThatThrownBy(() -> TimeRange.between(T1, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from");
    }

    @Test
    void rejectsAnInvalidTenant() {
        assertThatThrownBy(() -> LogFilter.of("ACME", TimeRange.between(T0, T1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant");
    }

    @Test
    void movesToAnotherTenantKeepingEveryFilter() {
        LogFilter filter = new LogFilter("globex", TimeRange.between(T0, T1), Set.of("api"), Set.of(Level.ERROR),
                Level.WARN, Set.of("web-1"), "trace-1", TextSearch.parse("disk \"is full\""),
                List.of(new AttributeMatch(List.of("http", "status"), List.of("500"))));
        LogQuery query = new LogQuery(filter, SortOrder.ASC, 50, null);

        LogQuery moved = query.forTenant("acme");

        assertThat(moved.filter()).isEqualTo(new LogFilter("acme", filter.range(), filter.services(),
                filter.levels(), filter.minLevel(), filter.hosts(), filter.traceId(), filter.text(),
                filter.attributes()));
        assertThat(moved.order()).isEqualTo(SortOrder.ASC);
        assertThat(moved.limit()).isEqualTo(50);
    }

    @Test
    void refusesToMoveToAnInvalidTenant() {
        LogQuery query = LogQuery.newest(ACME);

        assertThatThrownBy(() -> query.forTenant("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void combinesLevelsWithTheMinimumLevel() {
        LogFilter filter = new LogFilter("acme", ACME.range(), Set.of(), Set.of(Level.INFO, Level.ERROR),
                Level.WARN, Set.of(), null, null, List.of());

        assertThat(filter.matchingLevels()).containsExactly(Level.ERROR);
        assertThat(filter.filtersLevel()).isTrue();
        assertThat(ACME.matchingLevels()).hasSize(6);
        assertThat(ACME.filtersLevel()).isFalse();
    }

    @Test
    void fingerprintIgnoresTheOrderValuesCameIn() {
        LogFilter one = new LogFilter("acme", ACME.range(), Set.of("api", "db"), Set.of(), null, Set.of(), null,
                null, List.of());
        LogFilter other = new LogFilter("acme", ACME.range(), Set.of("db", "api"), Set.of(), null, Set.of(), null,
                null, List.of());

        assertThat(LogQuery.newest(one).fingerprint()).isEqualTo(LogQuery.newest(other).fingerprint());
    }

    @Test
    void fingerprintDiffersForAnotherFilterRangeOrOrder() {
        LogQuery base = LogQuery.newest(ACME);
        LogFilter otherService = new LogFilter("acme", ACME.range(), Set.of("db"), Set.of(), null, Set.of(), null,
                null, List.of());

        assertThat(LogQuery.newest(otherService).fingerprint()).isNotEqualTo(base.fingerprint());
        assertThat(LogQuery.newest(ACME.withRange(TimeRange.between(T0, T1.plusSeconds(1)))).fingerprint())
                .isNotEqualTo(base.fingerprint());
        assertThat(new LogQuery(ACME, SortOrder.ASC, 100, null).fingerprint()).isNotEqualTo(base.fingerprint());
        assertThat(LogQuery.newest(ACME.withTenant("globex")).fingerprint()).isNotEqualTo(base.fingerprint());
    }
}
