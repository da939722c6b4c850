package io.logpipe.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogQueryTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2025-03-01T11:00:00Z");

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1001, Integer.MAX_VALUE})
    void rejectsLimitOutsideOneToAThousand(int limit) {
        assertThatThrownBy(() -> new LogQuery("acme", null, null, null, null, limit, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit")
                .hasMessageContaining(String.valueOf(limit));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, LogQuery.DEFAULT_LIMIT, LogQuery.MAX_LIMIT})
    void acceptsLimitFromOneToAThousand(int limit) {
        assertThat(new LogQuery("acme", null, null, null, null, limit, null).limit()).isEqualTo(limit);
    }

    @Test
    void rejectsAnEmptyTimeRange() {
        assertThatThrownBy(() -> new LogQuery("acme", T0, T0, null, null, 10, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from");
    }

    @Test
    void rejectsAReversedTimeRange() {
        assertThatThrownBy(() -> new LogQuery("acme", T1, T0, null, null, 10, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from");
    }

    @Test
    void acceptsOpenEndedRanges() {
        assertThat(new LogQuery("acme", T0, null, null, null, 10, null).fromInclusive()).contains(T0);
        assertThat(new LogQuery("acme", null, T1, null, null, 10, null).toExclusive()).contains(T1);
    }

    @Test
    void rejectsAnInvalidTenant() {
        assertThatThrownBy(() -> new LogQuery("ACME", null, null, null, null, 10, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant");
    }

    @Test
    void movesToAnotherTenantKeepingEveryFilter() {
        PageCursor after = new PageCursor(T0, UUID.fromString("0195514a-3f2b-7c4d-9e8f-0123456789ab"));
        LogQuery query = new LogQuery("globex", T0, T1, "api", Level.ERROR, 50, after);

        LogQuery moved = query.forTenant("acme");

        assertThat(moved).isEqualTo(new LogQuery("acme", T0, T1, "api", Level.ERROR, 50, after));
    }

    @Test
    void refusesToMoveToAnInvalidTenant() {
        LogQuery query = new LogQuery("acme", null, null, null, null, 10, null);

        assertThatThrownBy(() -> query.forTenant("../etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
