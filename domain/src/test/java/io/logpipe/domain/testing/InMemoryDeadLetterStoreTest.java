package io.logpipe.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.DeadLetterPage;
import io.logpipe.domain.DeadLetterScope;
import io.logpipe.domain.EntryIds;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.Lease;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.ReplayReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake keeps the {@link io.logpipe.domain.DeadLetterStore} contract that tests of other modules rely on. */
class InMemoryDeadLetterStoreTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
    private static final DeadLetterScope ACME = DeadLetterScope.of("acme");
    private static final DeadLetterScope EVERYTHING = DeadLetterScope.everything();

    private final InMemoryLogQueue queue = new InMemoryLogQueue();
    private final InMemoryDeadLetterStore store = queue.deadLetterStore();

    @Test
    void keepsWhatAnAcknowledgementSetAsideOnceEvenWhenTheLeaseIsAcknowledgedAgain() {
        LogEntry entry = entry("acme", "poison");
        Lease lease = leased(entry);
        List<DeadLetter> letters = List.of(new DeadLetter(entry, "refused", "22021", 2));

        queue.acknowledge(lease, letters);
        queue.acknowledge(lease, letters);

        assertThat(store.held()).singleElement().satisfies(letter -> {
            assertThat(letter.entries()).containsExactly(entry);
            assertThat(letter.code()).isEqualTo("22021");
            assertThat(letter.deliveries()).isEqualTo(2);
        });
    }

    @Test
    void pagesOldestFirstThroughOneTenantsDeadLettersWhileMoreArrive() {
        setAside(entry("acme", "a"), entry("globex", "b"), entry("acme", "c"), entry("acme", "d"));

        List<String> seen = new ArrayList<>();
        DeadLetterPage page = store.list(ACME, 2, null);
        page.letters().forEach(letter -> seen.add(letter.entries().get(0).service()));
        setAside(entry("acme", "e"));
        page = store.list(ACME, 2, page.nextCursor());
        page.letters().forEach(letter -> seen.add(letter.entries().get(0).service()));

        assertThat(seen).containsExactly("a", "c", "d", "e");
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void replaysAnEntryOnceHoweverOftenItIsAskedAndOnlyWithinTheScope() {
        setAside(entry("acme", "a"), entry("globex", "b"));
        String acmeId = store.held().get(0).id();
        String globexId = store.held().get(1).id();
        String undecodable = store.setAsideUndecodable("garbage", "not a record document");

        ReplayReport first = store.replay(ACME, List.of(acmeId, acmeId, globexId, undecodable));
        ReplayReport again = store.replay(ACME, List.of(acmeId));

        assertThat(first).isEqualTo(new ReplayReport(List.of(acmeId), List.of(globexId, undecodable), List.of()));
        assertThat(again.notFound()).containsExactly(acmeId);
        assertThat(queue.lease("worker-2", 10, Duration.ZERO).entries()).extracting(LogEntry::service)
                .containsExactly("a");
        assertThat(store.replay(EVERYTHING, List.of(undecodable)).undecodable()).containsExactly(undecodable);
    }

    @Test
    void purgesByIdAndAllOfOneTenant() {
        setAside(entry("acme", "a"), entry("globex", "b"), entry("acme", "c"));
        String first = store.held().get(0).id();

        assertThat(store.purge(DeadLetterScope.of("globex"), List.of(first))).isEmpty();
        assertThat(store.purge(ACME, List.of(first, "nonsense"))).containsExactly(first);
        assertThat(store.purgeAll(ACME)).isEqualTo(1);
        assertThat(store.held()).extracting(letter -> letter.entries().get(0).service()).containsExactly("b");
    }

    @Test
    void refusesACursorItDidNotMake() {
        assertThatThrownBy(() -> store.list(EVERYTHING, 10, "page-2")).isInstanceOf(InvalidRequestException.class);
    }

    private void setAside(LogEntry... entries) {
        for (LogEntry entry : entries) {
            queue.acknowledge(leased(entry), List.of(new DeadLetter(entry, "refused", "22021", 1)));
        }
    }

    private Lease leased(LogEntry entry) {
        queue.enqueue(List.of(entry), 1_000);
        return queue.lease("worker-1", 10, Duration.ZERO);
    }

    private static LogEntry entry(String tenant, String service) {
        return new LogEntry(EntryIds.newId(NOW), tenant, NOW, NOW, service, Level.INFO, "hi", null, null, null, null);
    }
}
