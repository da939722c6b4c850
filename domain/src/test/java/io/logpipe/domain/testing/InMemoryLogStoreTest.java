package io.logpipe.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
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

        LogPage page = store.query(new LogQuery("acme", T0, T0.plusSeconds(10), "api", Level.ERROR, 100, null));

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
            LogPage page = store.query(new LogQuery("acme", null, null, null, null, 1, after));
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
        assertThatThrownBy(() -> store.query(new LogQuery("acme", null, null, null, null, 10, null)))
                .isInstanceOf(StoreUnavailableException.class);

        store.setUnavailable(false);
        assertThat(store.all()).isEmpty();
    }

    private static LogEntry entry(String tenant, String service, Level level, Instant timestamp, UUID id) {
        return new LogEntry(id, tenant, timestamp, timestamp, service, level, "hi", null, null, null, null);
    }
}
