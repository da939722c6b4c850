package io.logpipe.application;

import static io.logpipe.application.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.LogEntry;
import io.logpipe.domain.QueueUnavailableException;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.testing.InMemoryLogQueue;
import io.logpipe.domain.testing.InMemoryLogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrainQueueTest {
    private static final String WORKER = "worker-1";
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final long MAX_BACKLOG = 1_000;

    private final InMemoryLogQueue queue = new InMemoryLogQueue();
    private final InMemoryLogStore store = new InMemoryLogStore();
    private final DrainQueue drain = new DrainQueue(queue, store, 100, Duration.ZERO);

    @Test
    void setsAsideOnlyTheEntriesTheStoreRefusesAndStoresTheRestOfTheLease() {
        List<LogEntry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            entries.add(entry(i % 2 == 0 ? "acme" : "globex", i == 17 || i == 40 ? "poison" : "svc-" + i,
                    T0.plusMillis(i)));
        }
        queue.enqueue(entries, MAX_BACKLOG);
        store.refuse(entry -> entry.service().equals("poison"));

        DrainQueue.Drained drained = drain.drainOnce(WORKER);

        assertThat(drained).isEqualTo(new DrainQueue.Drained(50, 48, 2));
        assertThat(store.all()).hasSize(48).noneMatch(entry -> entry.service().equals("poison"));
        assertThat(queue.deadLetters()).extracting(letter -> letter.entry())
                .containsExactly(entries.get(17), entries.get(40));
        assertThat(queue.deadLetters()).allSatisfy(letter -> {
            assertThat(letter.code()).isEqualTo(InMemoryLogStore.REFUSED_CODE);
            assertThat(letter.reason()).isNotBlank();
        });
        assertThat(queue.held()).isZero();
    }

    @Test
    void setsAsideARefusedEntryEnqueuedAloneAndStoresTheNextGroup() {
        LogEntry poison = entry("acme", "poison", T0);
        queue.enqueue(List.of(poison), MAX_BACKLOG);
        queue.enqueue(List.of(entry("acme", "fine", T0.plusSeconds(1))), MAX_BACKLOG);
        store.refuse(entry -> entry.service().equals("poison"));

        assertThat(drain.drainOnce(WORKER)).isEqualTo(new DrainQueue.Drained(2, 1, 1));
        assertThat(queue.deadLetters()).extracting(letter -> letter.entry()).containsExactly(poison);
        assertThat(store.all()).extracting(LogEntry::service).containsExactly("fine");
    }

    @Test
    void storesLeasedEntriesAndRemovesThemFromTheQueue() {
        List<LogEntry> entries = threeEntries();
        queue.enqueue(entries, MAX_BACKLOG);

        DrainQueue.Drained drained = drain.drainOnce(WORKER);

        assertThat(drained).isEqualTo(new DrainQueue.Drained(3, 3, 0));
        assertThat(store.all()).containsExactlyInAnyOrderElementsOf(entries);
        assertThat(queue.held()).isZero();
    }

    @Test
    void keepsTheLeaseWhenTheStoreFailsAndDeliversItAgain() {
        List<LogEntry> entries = threeEntries();
        queue.enqueue(entries, MAX_BACKLOG);
        store.setUnavailable(true);

        assertThatThrownBy(() -> drain.drainOnce(WORKER)).isInstanceOf(StoreUnavailableException.class);
        assertThat(queue.held()).isEqualTo(3);

        store.setUnavailable(false);
        DrainQueue.Drained retried = drain.drainOnce(WORKER);

        assertThat(retried).isEqualTo(new DrainQueue.Drained(3, 3, 0));
        assertThat(store.all()).containsExactlyInAnyOrderElementsOf(entries);
        assertThat(queue.held()).isZero();
    }

    @Test
    void storesNothingTwiceWhenTheAcknowledgementIsLost() {
        List<LogEntry> entries = threeEntries();
        queue.enqueue(entries, MAX_BACKLOG);
        queue.failAcknowledgements(true);

        assertThatThrownBy(() -> drain.drainOnce(WORKER)).isInstanceOf(QueueUnavailableException.class);

        queue.failAcknowledgements(false);
        DrainQueue.Drained redelivered = drain.drainOnce(WORKER);

        assertThat(redelivered).isEqualTo(new DrainQueue.Drained(3, 0, 0));
        assertThat(store.all()).containsExactlyInAnyOrderElementsOf(entries);
        assertThat(queue.held()).isZero();
    }

    @Test
    void reportsNothingMovedWhenTheQueueIsEmpty() {
        DrainQueue.Drained drained = drain.drainOnce(WORKER);

        assertThat(drained).isEqualTo(new DrainQueue.Drained(0, 0, 0));
        assertThat(store.writeCalls()).isZero();
    }

    @Test
    void reportsFewerStoredThanLeasedWhenTheStoreAlreadyHadSome() {
        List<LogEntry> entries = threeEntries();
        store.write(entries.subList(0, 1));
        queue.enqueue(entries, MAX_BACKLOG);

        DrainQueue.Drained drained = drain.drainOnce(WORKER);

        assertThat(drained).isEqualTo(new DrainQueue.Drained(3, 2, 0));
        assertThat(store.all()).hasSize(3);
        assertThat(queue.held()).isZero();
    }

    @Test
    void movesAboutOneBatchPerCall() {
        DrainQueue smallBatches = new DrainQueue(queue, store, 2, Duration.ZERO);
        for (String service : List.of("a", "b", "c", "d", "e")) {
            queue.enqueue(List.of(entry("acme", service, T0)), MAX_BACKLOG);
        }

        assertThat(smallBatches.drainOnce(WORKER).leased()).isEqualTo(2);
        assertThat(smallBatches.drainOnce(WORKER).leased()).isEqualTo(2);
        assertThat(smallBatches.drainOnce(WORKER).leased()).isEqualTo(1);
        assertThat(smallBatches.drainOnce(WORKER).leased()).isZero();
        assertThat(store.all()).extracting(LogEntry::service).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void movesARequestThatWasQueuedTogetherInOneBatchEvenWhenLargerThanTheBatchSize() {
        DrainQueue smallBatches = new DrainQueue(queue, store, 2, Duration.ZERO);
        queue.enqueue(threeEntries(), MAX_BACKLOG);

        assertThat(smallBatches.drainOnce(WORKER)).isEqualTo(new DrainQueue.Drained(3, 3, 0));
        assertThat(queue.held()).isZero();
    }

    @Test
    void rejectsABatchSizeBelowOne() {
        assertThatThrownBy(() -> new DrainQueue(queue, store, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize");
    }

    private static List<LogEntry> threeEntries() {
        return List.of(entry("acme", "api", T0), entry("acme", "db", T0.plusMillis(1)),
                entry("globex", "api", T0.plusMillis(2)));
    }
}
