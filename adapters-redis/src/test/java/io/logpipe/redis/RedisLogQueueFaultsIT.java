package io.logpipe.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.QueueUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/** What the queue does when messages are bad, Redis refuses, loses data, or goes away. */
@ExtendWith(TestRedis.Extension.class)
class RedisLogQueueFaultsIT {
    private static final String GROUP = "logpipe-writers";
    private static final Duration NO_WAIT = Duration.ZERO;

    private final TestRedis redis;
    private final RedisClient client;
    private final String stream = TestRedis.uniqueKey("entries");
    private final String deadLetterStream = stream + RedisLogQueue.DEAD_LETTER_SUFFIX;
    private final RedisLogQueue queue;

    RedisLogQueueFaultsIT(TestRedis redis) {
        this.redis = redis;
        this.client = redis.newClient();
        this.queue = new RedisLogQueue(client, stream, GROUP);
    }

    @AfterEach
    void deleteStreamsAndClose() {
        try {
            client.del(stream, deadLetterStream);
        } finally {
            client.close();
        }
    }

    @Test
    void movesUndecodableMessagesToTheDeadLetterStreamAndDeliversTheRest() {
        LogEntry first = SampleEntries.minimal("first");
        LogEntry last = SampleEntries.minimal("last");
        queue.enqueue(List.of(first));
        StreamEntryID garbled = client.xadd(stream, StreamEntryID.NEW_ENTRY,
                Map.of("entry", "{\"v\":1,\"id\":", "shipper", "legacy"));
        StreamEntryID foreign = client.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("payload", "no entry field"));
        queue.enqueue(List.of(last));

        Lease lease = queue.lease("worker-1", 10, NO_WAIT);
        queue.acknowledge(lease);

        assertThat(lease.entries()).containsExactly(first, last);
        List<StreamEntry> dead = client.xrange(deadLetterStream, "-", "+");
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).getFields())
                .containsEntry("entry", "{\"v\":1,\"id\":")
                .containsEntry("shipper", "legacy")
                .containsEntry("original_id", garbled.toString())
                .hasEntrySatisfying("reason", reason -> assertThat(reason).isNotBlank());
        assertThat(dead.get(1).getFields())
                .containsEntry("payload", "no entry field")
                .containsEntry("original_id", foreign.toString());
        assertThat(queue.deadLetters()).isEqualTo(2);
        assertThat(queue.backlog()).isZero();
        assertThat(queue.lease("worker-1", 10, NO_WAIT).isEmpty()).isTrue();
    }

    @Test
    void readsPastUndecodableMessagesRatherThanReturnAnEmptyLease() {
        client.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("entry", "not json"));
        LogEntry good = SampleEntries.minimal();
        queue.enqueue(List.of(good));

        assertThat(queue.lease("worker-1", 1, NO_WAIT).entries()).containsExactly(good);
    }

    @Test
    void dropsAPendingMessageThatWasDeletedBeforeItWasAcknowledged() {
        queue.enqueue(SampleEntries.numbered(2));
        Lease lease = queue.lease("worker-1", 10, NO_WAIT);
        client.xdel(stream, new StreamEntryID(lease.receipts().get(0)));

        Lease again = queue.lease("worker-1", 10, NO_WAIT);
        queue.acknowledge(again);

        assertThat(again.entries()).containsExactly(lease.entries().get(1));
        assertThat(client.xpending(stream, GROUP).getTotal()).isZero();
    }

    @Test
    void createsTheGroupAgainWhenRedisHasLostIt() {
        client.del(stream); // as a Redis that does not persist does when it restarts
        List<LogEntry> entries = SampleEntries.numbered(2);
        queue.enqueue(entries);

        assertThat(queue.lease("worker-1", 10, NO_WAIT).entries()).isEqualTo(entries);
    }

    @Test
    void enqueueReportsQueueUnavailableWhenRedisRefusesTheWrite() {
        client.del(stream);
        client.set(stream, "not a stream");

        assertThatThrownBy(() -> queue.enqueue(SampleEntries.numbered(2)))
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("WRONGTYPE");
    }

    @Test
    void enqueueReportsQueueUnavailableWhenRedisIsGone() {
        AtomicReference<HostAndPort> route = new AtomicReference<>(redis.address());
        try (RedisClient doomed = redis.newClient(address -> route.get())) {
            RedisLogQueue cutOff = new RedisLogQueue(doomed, stream, GROUP);
            goAway(doomed, route);

            assertThatThrownBy(() -> cutOff.enqueue(SampleEntries.numbered(2)))
                    .isInstanceOf(QueueUnavailableException.class);
        }
        assertThat(queue.backlog()).isZero();
    }

    @Test
    void everyOtherOperationReportsQueueUnavailableWhenRedisIsGone() {
        AtomicReference<HostAndPort> route = new AtomicReference<>(redis.address());
        try (RedisClient doomed = redis.newClient(address -> route.get())) {
            RedisLogQueue cutOff = new RedisLogQueue(doomed, stream, GROUP);
            goAway(doomed, route);
            Lease lease = new Lease("worker-1", List.of("1-0"), List.of(SampleEntries.minimal()));

            assertThatThrownBy(() -> cutOff.lease("worker-1", 10, NO_WAIT))
                    .isInstanceOf(QueueUnavailableException.class);
            assertThatThrownBy(() -> cutOff.acknowledge(lease)).isInstanceOf(QueueUnavailableException.class);
            assertThatThrownBy(cutOff::backlog).isInstanceOf(QueueUnavailableException.class);
            assertThatThrownBy(cutOff::deadLetters).isInstanceOf(QueueUnavailableException.class);
            assertThatThrownBy(cutOff::ping).isInstanceOf(QueueUnavailableException.class);
        }
    }

    @Test
    void constructionReportsQueueUnavailableWhenRedisCannotBeReached() {
        try (RedisClient unreachable = redis.newClient(address -> nowhere())) {
            assertThatThrownBy(() -> new RedisLogQueue(unreachable, stream, GROUP))
                    .isInstanceOf(QueueUnavailableException.class);
        }
    }

    @Test
    void pingPassesWhileRedisAnswers() {
        assertThatCode(queue::ping).doesNotThrowAnyException();
    }

    /** Points the client at a closed port and drops its idle connections, so its next command finds no Redis. */
    private static void goAway(RedisClient client, AtomicReference<HostAndPort> route) {
        route.set(nowhere());
        client.getPool().clear();
    }

    private static HostAndPort nowhere() {
        return new HostAndPort("127.0.0.1", TestRedis.closedPort());
    }
}
