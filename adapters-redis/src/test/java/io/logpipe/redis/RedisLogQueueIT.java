package io.logpipe.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/** How entries travel through the queue when Redis is healthy. */
@ExtendWith(TestRedis.Extension.class)
class RedisLogQueueIT {
    private static final String GROUP = "logpipe-writers";
    private static final Duration NO_WAIT = Duration.ZERO;

    private final TestRedis redis;
    private final RedisClient client;
    private final String stream = TestRedis.uniqueKey("entries");
    private final RedisLogQueue queue;

    RedisLogQueueIT(TestRedis redis) {
        this.redis = redis;
        this.client = redis.newClient();
        this.queue = new RedisLogQueue(client, stream, GROUP);
    }

    @AfterEach
    void deleteStreamsAndClose() {
        try {
            client.del(stream, stream + RedisLogQueue.DEAD_LETTER_SUFFIX);
        } finally {
            client.close();
        }
    }

    @Test
    void leasesEnqueuedEntriesWithEveryFieldIntact() {
        List<LogEntry> entries = List.of(SampleEntries.full(), SampleEntries.minimal());

        queue.enqueue(entries);
        Lease lease = queue.lease("worker-1", 10, NO_WAIT);

        assertThat(lease.consumer()).isEqualTo("worker-1");
        assertThat(lease.entries()).containsExactlyElementsOf(entries);
        assertThat(lease.receipts()).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void keepsEntriesInRedisUntilAcknowledgedAndRemovesThemAfter() {
        queue.enqueue(SampleEntries.numbered(3));
        Lease lease = queue.lease("worker-1", 10, NO_WAIT);

        assertThat(queue.backlog()).isEqualTo(3);

        queue.acknowledge(lease);

        assertThat(queue.backlog()).isZero();
        assertThat(queue.lease("worker-1", 10, NO_WAIT).isEmpty()).isTrue();
    }

    @Test
    void redeliversUnacknowledgedEntriesToTheSameConsumerAfterARestart() {
        queue.enqueue(SampleEntries.numbered(3));
        Lease beforeCrash = queue.lease("worker-1", 10, NO_WAIT);

        try (RedisClient restartedClient = redis.newClient()) {
            RedisLogQueue restarted = new RedisLogQueue(restartedClient, stream, GROUP);
            Lease afterRestart = restarted.lease("worker-1", 10, NO_WAIT);

            assertThat(afterRestart.entries()).containsExactlyElementsOf(beforeCrash.entries());
            assertThat(afterRestart.receipts()).isEqualTo(beforeCrash.receipts());
        }
    }

    @Test
    void redeliversUnacknowledgedEntriesBeforeNewOnes() {
        List<LogEntry> entries = SampleEntries.numbered(4);
        queue.enqueue(entries.subList(0, 2));
        Lease unacknowledged = queue.lease("worker-1", 10, NO_WAIT);
        queue.enqueue(entries.subList(2, 4));

        Lease again = queue.lease("worker-1", 10, NO_WAIT);
        queue.acknowledge(again);
        Lease next = queue.lease("worker-1", 10, NO_WAIT);

        assertThat(again.entries()).isEqualTo(unacknowledged.entries()).isEqualTo(entries.subList(0, 2));
        assertThat(next.entries()).isEqualTo(entries.subList(2, 4));
    }

    @Test
    void givesTwoConsumersDifferentNewEntries() {
        List<LogEntry> entries = SampleEntries.numbered(5);
        queue.enqueue(entries);

        Lease first = queue.lease("worker-a", 2, NO_WAIT);
        Lease second = queue.lease("worker-b", 10, NO_WAIT);

        assertThat(first.entries()).isEqualTo(entries.subList(0, 2));
        assertThat(second.entries()).isEqualTo(entries.subList(2, 5));
    }

    @Test
    void deliversEntriesQueuedBeforeTheGroupExisted() {
        List<LogEntry> entries = SampleEntries.numbered(2);
        queue.enqueue(entries);

        RedisLogQueue newGroup = new RedisLogQueue(client, stream, "latecomers");

        assertThat(newGroup.lease("latecomer-1", 10, NO_WAIT).entries()).isEqualTo(entries);
    }

    @Test
    void returnsAnEmptyLeaseOnceTheWaitIsOverWhenNothingArrives() {
        Duration wait = Duration.ofMillis(300);
        long start = System.nanoTime();

        Lease lease = queue.lease("worker-1", 10, wait);

        assertThat(lease.isEmpty()).isTrue();
        // Redis times BLOCK on its own millisecond clock, so allow it to end a hair early by ours.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(wait.minusMillis(50));
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void returnsAtOnceWithoutWaitWhenNothingIsQueued() {
        assertThat(queue.lease("worker-1", 10, NO_WAIT).isEmpty()).isTrue();
    }

    @Test
    void wakesAWaitingLeaseWhenAnEntryArrives() throws Exception {
        LogEntry entry = SampleEntries.minimal();
        CompletableFuture<Lease> waiting = CompletableFuture.supplyAsync(
                () -> queue.lease("worker-1", 10, Duration.ofSeconds(30)));

        queue.enqueue(List.of(entry));

        assertThat(waiting.get(15, TimeUnit.SECONDS).entries()).containsExactly(entry);
    }

    @Test
    void ignoresAcknowledgingAnEmptyLeaseOrTheSameLeaseTwice() {
        List<LogEntry> entries = SampleEntries.numbered(2);
        queue.enqueue(entries);
        Lease lease = queue.lease("worker-1", 1, NO_WAIT);

        queue.acknowledge(lease);
        queue.acknowledge(lease);
        queue.acknowledge(Lease.empty("worker-1"));

        assertThat(queue.backlog()).isEqualTo(1);
        assertThat(queue.lease("worker-1", 10, NO_WAIT).entries()).containsExactly(entries.get(1));
    }
}
