package io.logpipe.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.StreamConsumerInfo;
import redis.clients.jedis.resps.StreamEntry;

/** What happens to records that are delivered and not acknowledged, again and again, and to consumers that go. */
@ExtendWith(TestRedis.Extension.class)
class RedeliveryIT {
    private static final String GROUP = "logpipe-writers";
    private static final Duration NO_WAIT = Duration.ZERO;
    private static final long NO_LIMIT = Long.MAX_VALUE;

    private final RedisClient client;
    private final String stream = TestRedis.uniqueKey("entries");
    private final QueueKeys keys = new QueueKeys(stream);

    RedeliveryIT(TestRedis redis) {
        this.client = redis.newClient();
    }

    @AfterEach
    void deleteKeysAndClose() {
        TestRedis.deleteQueueKeysAndClose(client, stream);
    }

    @Test
    void setsARecordAsideAsADeadLetterOnceDeliveredMoreThanTheMostDeliveriesAllowed() {
        RedisLogQueue queue = new RedisLogQueue(client, stream, GROUP, Duration.ofMinutes(2), 3);
        List<LogEntry> poison = SampleEntries.numbered(2);
        queue.enqueue(poison, NO_LIMIT);

        // Delivered three times (a worker that dies on it each time, restarted under the same name).
        for (int delivery = 1; delivery <= 3; delivery++) {
            assertThat(queue.lease("worker-1", 10, NO_WAIT).entries()).as("delivery %d", delivery)
                    .containsExactlyElementsOf(poison);
        }
        List<LogEntry> good = SampleEntries.numbered(1);
        queue.enqueue(good, NO_LIMIT);
        Lease fourth = queue.lease("worker-1", 10, NO_WAIT);

        assertThat(fourth.entries()).containsExactlyElementsOf(good);
        List<StreamEntry> dead = client.xrange(keys.deadLetters(), "-", "+");
        assertThat(dead).hasSize(1);
        Map<String, String> fields = dead.get(0).getFields();
        assertThat(fields).containsEntry("deliveries", "4").containsEntry("n", "2").containsKey("batch");
        assertThat(fields.get("reason")).contains("delivered 4 times");
        queue.acknowledge(fourth);
        assertThat(queue.backlog()).isZero();
        assertThat(client.xlen(stream)).isZero();
    }

    @Test
    void deliversARecordAgainWhileItHasBeenDeliveredNoMoreThanAllowed() {
        RedisLogQueue queue = new RedisLogQueue(client, stream, GROUP, Duration.ofMinutes(2), 3);
        List<LogEntry> entries = SampleEntries.numbered(1);
        queue.enqueue(entries, NO_LIMIT);

        queue.lease("worker-1", 10, NO_WAIT);
        queue.lease("worker-1", 10, NO_WAIT);
        Lease third = queue.lease("worker-1", 10, NO_WAIT);

        assertThat(third.entries()).containsExactlyElementsOf(entries);
        assertThat(client.exists(keys.deadLetters())).isFalse();
    }

    @Test
    void removesConsumersIdleLongerThanTheVisibilityTimeoutOnceTheyHaveNothingPending() {
        RedisLogQueue queue = new RedisLogQueue(client, stream, GROUP, Duration.ofMillis(300), 10);
        assertThat(queue.lease("idle-with-nothing", 10, NO_WAIT).isEmpty()).isTrue();
        queue.enqueue(SampleEntries.numbered(1), NO_LIMIT);
        queue.lease("worker-that-died", 10, NO_WAIT);
        assertThat(consumers()).contains("idle-with-nothing", "worker-that-died");

        Lease takenOver = await().atMost(Duration.ofSeconds(10))
                .until(() -> queue.lease("worker-2", 10, NO_WAIT), lease -> !lease.isEmpty());

        // The takeover left the dead worker with nothing pending; the one that holds the records stays.
        assertThat(consumers()).containsExactly("worker-2");
        queue.acknowledge(takenOver);
    }

    private Set<String> consumers() {
        return client.xinfoConsumers2(stream, GROUP).stream().map(StreamConsumerInfo::getName)
                .collect(Collectors.toSet());
    }
}
