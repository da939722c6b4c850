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
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/** How a lease is filled beyond its entry count: a linger for more records, and a bound in bytes. */
@ExtendWith(TestRedis.Extension.class)
class LeaseLimitsIT {
    private static final String GROUP = "logpipe-writers";
    private static final long NO_LIMIT = Long.MAX_VALUE;
    private static final Duration LATER = Duration.ofMillis(300);

    private final RedisClient client;
    private final String stream = TestRedis.uniqueKey("entries");

    LeaseLimitsIT(TestRedis redis) {
        this.client = redis.newClient();
    }

    @AfterEach
    void deleteKeysAndClose() {
        TestRedis.deleteQueueKeysAndClose(client, stream);
    }

    @Test
    void waitsOutItsLingerForRecordsThatArriveAfterTheFirst() {
        RedisLogQueue queue = queue(new LeaseLimits(Duration.ofSeconds(3), NO_LIMIT));
        LogEntry first = SampleEntries.minimal("first");
        LogEntry later = SampleEntries.minimal("later");
        queue.enqueue(List.of(first), NO_LIMIT);
        enqueueLater(queue, later);

        Lease lease = queue.lease("worker-1", 1_000, Duration.ofSeconds(5));

        assertThat(lease.entries()).containsExactly(first, later);
    }

    @Test
    void returnsWhatIsThereAtOnceWithoutALinger() {
        RedisLogQueue queue = queue(new LeaseLimits(Duration.ZERO, NO_LIMIT));
        LogEntry first = SampleEntries.minimal("first");
        queue.enqueue(List.of(first), NO_LIMIT);
        CompletableFuture<Void> enqueued = enqueueLater(queue, SampleEntries.minimal("later"));

        Lease lease = queue.lease("worker-1", 1_000, Duration.ofSeconds(5));

        assertThat(lease.entries()).containsExactly(first);
        enqueued.join();
    }

    @Test
    void lingersNotAtAllWhenAskedNotToWait() {
        RedisLogQueue queue = queue(new LeaseLimits(Duration.ofSeconds(30), NO_LIMIT));
        LogEntry first = SampleEntries.minimal("first");
        queue.enqueue(List.of(first), NO_LIMIT);
        CompletableFuture<Void> enqueued = enqueueLater(queue, SampleEntries.minimal("later"));

        Lease lease = queue.lease("worker-1", 1_000, Duration.ZERO);

        // A linger of 30 s would have gathered the entry queued a moment later.
        assertThat(lease.entries()).containsExactly(first);
        enqueued.join();
    }

    @Test
    void stopsAtItsLimitOfBytesWhateverTheEntryCount() {
        LogEntry large = SampleEntries.minimal("x".repeat(2_000));
        RedisLogQueue queue = queue(new LeaseLimits(Duration.ZERO, 3_000));
        for (int i = 0; i < 4; i++) {
            queue.enqueue(List.of(large), NO_LIMIT);
        }

        Lease first = queue.lease("worker-1", 1_000, Duration.ZERO);
        queue.acknowledge(first);

        assertThat(first.receipts()).hasSize(2);
        assertThat(queue.lease("worker-1", 1_000, Duration.ZERO).receipts()).hasSize(2);
    }

    private RedisLogQueue queue(LeaseLimits limits) {
        return new RedisLogQueue(client, stream, GROUP, RedisLogQueue.DEFAULT_VISIBILITY_TIMEOUT,
                RedisLogQueue.DEFAULT_MAX_DELIVERIES, 1, limits);
    }

    /** Enqueues {@code entry} a moment from now, from another thread, while a lease may be waiting. */
    private static CompletableFuture<Void> enqueueLater(RedisLogQueue queue, LogEntry entry) {
        return CompletableFuture.runAsync(() -> queue.enqueue(List.of(entry), NO_LIMIT),
                CompletableFuture.delayedExecutor(LATER.toMillis(), TimeUnit.MILLISECONDS));
    }
}
