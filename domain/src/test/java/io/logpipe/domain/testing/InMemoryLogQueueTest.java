package io.logpipe.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.EntryIds;
import io.logpipe.domain.IdempotencyClaim;
import io.logpipe.domain.Lease;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.QueueFullException;
import io.logpipe.domain.QueueUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake keeps the {@link io.logpipe.domain.LogQueue} contract that tests of other modules rely on. */
class InMemoryLogQueueTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30Z");
    private static final long ROOMY = 1_000;

    private final InMemoryLogQueue queue = new InMemoryLogQueue();

    @Test
    void leasesTheEntriesOfOneEnqueueTogetherEvenPastMaxEntries() {
        List<LogEntry> group = List.of(entry("a"), entry("b"), entry("c"));
        queue.enqueue(group, ROOMY);
        queue.enqueue(List.of(entry("d")), ROOMY);

        Lease lease = queue.lease("worker-1", 2, Duration.ZERO);

        assertThat(lease.entries()).containsExactlyElementsOf(group);
    }

    @Test
    void takesGroupsInEnqueueOrderUntilItHoldsMaxEntries() {
        queue.enqueue(List.of(entry("a")), ROOMY);
        queue.enqueue(List.of(entry("b")), ROOMY);
        queue.enqueue(List.of(entry("c")), ROOMY);

        Lease lease = queue.lease("worker-1", 2, Duration.ZERO);

        assertThat(lease.entries()).extracting(LogEntry::service).containsExactly("a", "b");
    }

    @Test
    void deliversUnacknowledgedEntriesAgainFirstAndOnlyToTheSameConsumer() {
        queue.enqueue(List.of(entry("a")), ROOMY);
        queue.lease("worker-1", 10, Duration.ZERO);
        queue.enqueue(List.of(entry("b")), ROOMY);

        Lease other = queue.lease("worker-2", 10, Duration.ZERO);
        queue.enqueue(List.of(entry("c")), ROOMY);
        Lease again = queue.lease("worker-1", 10, Duration.ZERO);

        assertThat(other.entries()).extracting(LogEntry::service).containsExactly("b");
        assertThat(again.entries()).extracting(LogEntry::service).containsExactly("a", "c");
    }

    @Test
    void removesAcknowledgedEntriesForGood() {
        queue.enqueue(List.of(entry("a"), entry("b")), ROOMY);
        Lease lease = queue.lease("worker-1", 10, Duration.ZERO);

        queue.acknowledge(lease);
        queue.acknowledge(lease);
        queue.acknowledge(Lease.empty("worker-3"));

        assertThat(queue.held()).isZero();
        assertThat(queue.lease("worker-1", 10, Duration.ZERO).isEmpty()).isTrue();
        assertThat(queue.enqueued()).extracting(LogEntry::service).containsExactly("a", "b");
    }

    @Test
    void refusesWhenItHoldsMaxBacklogEntriesCountingLeasedOnes() {
        queue.enqueue(List.of(entry("a"), entry("b")), ROOMY);
        queue.lease("worker-1", 1, Duration.ZERO);

        assertThatThrownBy(() -> queue.enqueue(List.of(entry("c")), 2))
                .isInstanceOfSatisfying(QueueFullException.class, e -> assertThat(e.backlog()).isEqualTo(2));
        assertThat(queue.enqueued()).hasSize(2);
        assertThat(queue.held()).isEqualTo(2);
    }

    @Test
    void admitsAWholeRequestWhileBelowMaxBacklog() {
        queue.enqueue(List.of(entry("a")), ROOMY);

        queue.enqueue(List.of(entry("b"), entry("c"), entry("d")), 2);

        assertThat(queue.held()).isEqualTo(4);
    }

    @Test
    void queuesOnceAndAnswersARepeatWithTheFirstClaim() {
        IdempotencyClaim first = claim("acme", "key-1", "body-1");

        assertThat(queue.enqueueOnce(List.of(entry("a")), ROOMY, first)).isEmpty();
        assertThat(queue.enqueueOnce(List.of(entry("b")), ROOMY, claim("acme", "key-1", "body-2"))).contains(first);

        assertThat(queue.enqueued()).extracting(LogEntry::service).containsExactly("a");
    }

    @Test
    void keepsClaimsOfTenantsApart() {
        queue.enqueueOnce(List.of(entry("a")), ROOMY, claim("acme", "key-1", "body-1"));

        assertThat(queue.enqueueOnce(List.of(entry("b")), ROOMY, claim("globex", "key-1", "body-1"))).isEmpty();
        assertThat(queue.enqueued()).hasSize(2);
    }

    @Test
    void answersARepeatWithTheFirstClaimEvenWhenFull() {
        IdempotencyClaim first = claim("acme", "key-1", "body-1");
        queue.enqueueOnce(List.of(entry("a")), ROOMY, first);

        assertThat(queue.enqueueOnce(List.of(entry("a")), 1, first)).contains(first);
    }

    @Test
    void recordsNoClaimForARequestItRefused() {
        queue.enqueue(List.of(entry("a")), ROOMY);
        IdempotencyClaim claim = claim("acme", "key-1", "body-1");

        assertThatThrownBy(() -> queue.enqueueOnce(List.of(entry("b")), 1, claim))
                .isInstanceOf(QueueFullException.class);
        queue.failEnqueues(true);
        assertThatThrownBy(() -> queue.enqueueOnce(List.of(entry("b")), ROOMY, claim))
                .isInstanceOf(QueueUnavailableException.class);
        queue.failEnqueues(false);

        assertThat(queue.enqueueOnce(List.of(entry("b")), ROOMY, claim)).isEmpty();
        assertThat(queue.enqueued()).extracting(LogEntry::service).containsExactly("a", "b");
    }

    @Test
    void queuesNothingWhileEnqueuesFail() {
        queue.failEnqueues(true);

        assertThatThrownBy(() -> queue.enqueue(List.of(entry("a")), ROOMY))
                .isInstanceOf(QueueUnavailableException.class);
        assertThat(queue.held()).isZero();

        queue.failEnqueues(false);
        queue.enqueue(List.of(entry("b")), ROOMY);
        assertThat(queue.enqueued()).extracting(LogEntry::service).containsExactly("b");
    }

    @Test
    void throwsTheFailureItWasGiven() {
        IllegalStateException failure = new IllegalStateException("pool exhausted");
        queue.failEnqueuesWith(failure);

        assertThatThrownBy(() -> queue.enqueue(List.of(entry("a")), ROOMY)).isSameAs(failure);
        assertThat(queue.enqueued()).isEmpty();
    }

    @Test
    void keepsEntriesWhoseAcknowledgementFailed() {
        queue.enqueue(List.of(entry("a")), ROOMY);
        Lease lease = queue.lease("worker-1", 10, Duration.ZERO);
        queue.failAcknowledgements(true);

        assertThatThrownBy(() -> queue.acknowledge(lease)).isInstanceOf(QueueUnavailableException.class);

        queue.failAcknowledgements(false);
        assertThat(queue.lease("worker-1", 10, Duration.ZERO).entries()).isEqualTo(lease.entries());
    }

    @Test
    void refusesAnEmptyRequest() {
        assertThatThrownBy(() -> queue.enqueue(List.of(), ROOMY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWaitingLeaseTakesEntriesEnqueuedMeanwhile() throws Exception {
        CompletableFuture<Lease> waiting =
                CompletableFuture.supplyAsync(() -> queue.lease("worker-1", 10, Duration.ofSeconds(30)));

        queue.enqueue(List.of(entry("a")), ROOMY);

        assertThat(waiting.get(30, TimeUnit.SECONDS).entries()).extracting(LogEntry::service).containsExactly("a");
    }

    private static IdempotencyClaim claim(String tenant, String key, String fingerprint) {
        return new IdempotencyClaim(tenant, key, fingerprint, NOW, Duration.ofDays(1));
    }

    private static LogEntry entry(String service) {
        return new LogEntry(EntryIds.newId(NOW), "acme", NOW, NOW, service, Level.INFO, "hi", null, null, null, null);
    }
}
