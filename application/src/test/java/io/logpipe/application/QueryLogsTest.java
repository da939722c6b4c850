package io.logpipe.application;

import static io.logpipe.application.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.AccessDeniedException;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.Principal;
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

    private final InMemoryLogStore store = new InMemoryLogStore();
    private final QueryLogs queryLogs = new QueryLogs(store);

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
        LogPage page = queryLogs.query(ACME_READER, new LogQuery("acme", null, null, null, null, 100, null));

        assertThat(page.entries()).extracting(LogEntry::service).containsExactly("db", "api");
        assertThat(page.entries()).extracting(LogEntry::tenant).containsOnly("acme");
    }

    @Test
    void searchesTheCallersTenantEvenWhenTheQueryNamesAnother() {
        LogPage page = queryLogs.query(ACME_READER, new LogQuery("globex", null, null, null, null, 100, null));

        assertThat(page.entries()).isNotEmpty().extracting(LogEntry::tenant).containsOnly("acme");
        assertThat(store.queries()).extracting(LogQuery::tenant).containsExactly("acme");
    }

    @Test
    void keepsTheFiltersWhileForcingTheTenant() {
        LogQuery query = new LogQuery("globex", T0, T0.plusSeconds(60), "db", null, 10, null);

        LogPage page = queryLogs.query(ACME_READER, query);

        assertThat(page.entries()).singleElement().satisfies(e -> {
            assertThat(e.tenant()).isEqualTo("acme");
            assertThat(e.service()).isEqualTo("db");
        });
        assertThat(store.queries()).containsExactly(query.forTenant("acme"));
    }

    @Test
    void requiresTheQueryRole() {
        Principal shipper = new Principal("00000000000000b2", "acme", Set.of(Role.INGEST, Role.ADMIN));

        assertThatThrownBy(() -> queryLogs.query(shipper, new LogQuery("acme", null, null, null, null, 100, null)))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(store.queries()).isEmpty();
    }
}
