package io.logpipe.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.IdempotencyClaim;
import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.QueueUnavailableException;
import java.time.Duration;
import java.time.Instant;
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

/** What the queue does when records are bad, Redis refuses, loses data, or goes away. */
@ExtendWith(TestRedis.Extension.class)
class RedisLogQueueFaultsIT {
    private static final String GROUP = "logpipe-writers";
    private static final Duration NO_WAIT = Duration.ZERO;
    private static final long NO_LIMIT = Long.MAX_VALUE;

    private final TestRedis redis;
    private final RedisClient client;
    private final String stream = TestRedis.uniqueKey("entries");
    private final QueueKeys keys = new QueueKeys(stream);
    private final RedisLogQueue queue;

    RedisLogQueueFaultsIT(TestRedis redis) {
        this.redis = redis;
        this.client = redis.newClient();
        this.queue = new RedisLogQueue(client, stream, GROUP);
    }

    @AfterEach
    void deleteKeysAndClose() {
        TestRedis.deleteQueueKeysAndClose(client, stream);
    }

    @Test
    void movesUndecodableRecordsToTheDeadLetterStreamAndKeepsTheBacklogRight() {
        LogEntry first = SampleEntries.minimal("first");
        LogEntry last = SampleEntries.minimal("last");
        queue.enqueue(List.of(first), NO_LIMIT);
        // Written and counted as a newer release's enqueue would: two entries this release cannot read.
        StreamEntryID future = addCounted(Map.of("batch", "{\"v\":3,\"records\":[{}, {}]}", "n", "2"), 2);
        // Written and counted as the release before batches did, but cut short.
        StreamEntryID garbled = addCounted(Map.of("entry", "{\"v\":1,\"id\":", "shipper", "legacy"), 1);
        // Written by hand, never counted.
        StreamEntryID foreign = client.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("payload", "no entry field"));
        queue.enqueue(List.of(last), NO_LIMIT);

        Lease lease = queue.lease("worker-1", 10, NO_WAIT);
        long backlogWhileLeased = queue.backlog();
        queue.acknowledge(lease);

        assertThat(lease.entries()).containsExactly(first, last);
        assertThat(backlogWhileLeased).isEqualTo(2);
        List<StreamEntry> dead = client.xrange(keys.deadLetters(), "-", "+");
        assertThat(dead).extracting(record -> record.getFields().get("original_id"))
                .containsExactly(future.toString(), garbled.toString(), foreign.toString());
        assertThat(dead.get(0).getFields())
                .containsEntry("batch", "{\"v\":3,\"records\":[{}, {}]}")
                .containsEntry("n", "2")
                .hasEntrySatisfying("reason", reason -> assertThat(reason).contains("version 3"));
        assertThat(dead.get(1).getFields())
                .containsEntry("entry", "{\"v\":1,\"id\":")
                .containsEntry("shipper", "legacy")
                .hasEntrySatisfying("reason", reason -> assertThat(reason).isNotBlank());
        assertThat(dead.get(2).getFields()).containsEntry("payload", "no entry field");
        assertThat(queue.deadLetters()).isEqualTo(3);
        assertThat(queue.backlog()).isZero();
        assertThat(client.xlen(stream)).isZero();
        assertThat(queue.lease("worker-1", 10, NO_WAIT).isEmpty()).isTrue();
    }

    @Test
    void readsPastUndecodableRecordsRatherThanReturnAnEmptyLease() {
        addCounted(Map.of("batch", "not json", "n", "1"), 1);
        LogEntry good = SampleEntries.minimal();
        queue.enqueue(List.of(good), NO_LIMIT);

        assertThat(queue.lease("worker-1", 1, NO_WAIT).entries()).containsExactly(good);
        assertThat(queue.backlog()).isEqualTo(1);
    }

    @Test
    void dropsAPendingRecordThatWasDeletedBeforeItWasAcknowledged() {
        List<LogEntry> entries = SampleEntries.numbered(2);
        queue.enqueue(entries.subList(0, 1), NO_LIMIT);
        queue.enqueue(entries.subList(1, 2), NO_LIMIT);
        Lease lease = queue.lease("worker-1", 10, NO_WAIT);
        client.xdel(stream, new StreamEntryID(lease.receipts().get(0)));

        Lease again = queue.lease("worker-1", 10, NO_WAIT);
        queue.acknowledge(again);

        assertThat(again.entries()).containsExactly(entries.get(1));
        assertThat(client.xpending(stream, GROUP).getTotal()).isZero();
        assertThat(queue.backlog()).isZero();
    }

    @Test
    void createsTheGroupAgainWhenRedisHasLostIt() {
        client.del(stream, keys.backlog()); // as a Redis that does not persist does when it restarts
        List<LogEntry> entries = SampleEntries.numbered(2);
        queue.enqueue(entries, NO_LIMIT);

        assertThat(queue.lease("worker-1", 10, NO_WAIT).entries()).isEqualTo(entries);
        assertThat(queue.backlog()).isEqualTo(2);
    }

    @Test
    void keepsEntriesThatAStaleLeaseNamesOnceRedisHasLostTheGroup() {
        List<LogEntry> entries = SampleEntries.numbered(2);
        queue.enqueue(entries, NO_LIMIT);
        Lease stale = queue.lease("worker-1", 10, NO_WAIT);
        client.xgroupDestroy(stream, GROUP);

        queue.acknowledge(stale);

        assertThat(queue.backlog()).isEqualTo(2);
        assertThat(queue.lease("worker-1", 10, NO_WAIT).entries()).isEqualTo(entries);
    }

    @Test
    void loadsItsScriptsAgainWhenRedisHasForgottenThem() {
        queue.enqueue(SampleEntries.numbered(1), NO_LIMIT);
        client.scriptFlush();

        queue.enqueue(SampleEntries.numbered(2), NO_LIMIT);
        queue.acknowledge(queue.lease("worker-1", 1, NO_WAIT));

        assertThat(queue.backlog()).isEqualTo(2);
    }

    @Test
    void enqueueReportsQueueUnavailableAndQueuesNothingWhenRedisRefusesTheWrite() {
        client.del(stream);
        client.set(stream, "not a stream");

        assertThatThrownBy(() -> queue.enqueue(SampleEntries.numbered(2), NO_LIMIT))
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("WRONGTYPE");
        assertThat(queue.backlog()).isZero();
    }

    @Test
    void changesNothingWhileTheBacklogCounterHoldsNoNumber() {
        queue.enqueue(SampleEntries.numbered(2), NO_LIMIT);
        Lease lease = queue.lease("worker-1", 10, NO_WAIT);
        client.set(keys.backlog(), "lots");
        IdempotencyClaim claim = new IdempotencyClaim("acme", "key-1", "fingerprint", Instant.EPOCH,
                Duration.ofMinutes(1));

        assertThatThrownBy(() -> queue.enqueue(SampleEntries.numbered(2), NO_LIMIT))
                .isInstanceOf(QueueUnavailableException.class);
        assertThatThrownBy(() -> queue.enqueueOnce(SampleEntries.numbered(2), NO_LIMIT, claim))
                .isInstanceOf(QueueUnavailableException.class);
        assertThatThrownBy(() -> queue.acknowledge(lease)).isInstanceOf(QueueUnavailableException.class);
        assertThatThrownBy(queue::backlog).isInstanceOf(QueueUnavailableException.class);
        assertThat(client.xlen(stream)).isEqualTo(1);
        assertThat(client.xpending(stream, GROUP).getTotal()).isEqualTo(1);
        assertThat(client.exists(keys.claim("acme", "key-1"))).isFalse();
    }

    @Test
    void refusesToAcknowledgeAReceiptOfAnotherQueue() {
        Lease foreign = new Lease("worker-1", List.of("1-0", "message-7"), List.of(SampleEntries.minimal()));

        assertThatThrownBy(() -> queue.acknowledge(foreign)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enqueueReportsQueueUnavailableWhenRedisIsGone() {
        AtomicReference<HostAndPort> route = new AtomicReference<>(redis.address());
        try (RedisClient doomed = redis.newClient(address -> route.get())) {
            RedisLogQueue cutOff = new RedisLogQueue(doomed, stream, GROUP);
            goAway(doomed, route);

            assertThatThrownBy(() -> cutOff.enqueue(SampleEntries.numbered(2), NO_LIMIT))
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
            IdempotencyClaim claim = new IdempotencyClaim("acme", "key-1", "fingerprint", Instant.EPOCH,
                    Duration.ofMinutes(1));

            assertThatThrownBy(() -> cutOff.enqueueOnce(SampleEntries.numbered(1), NO_LIMIT, claim))
                    .isInstanceOf(QueueUnavailableException.class);
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

    /** Adds a record with raw Jedis and counts its entries in the backlog, as the queue's own enqueue would. */
    private StreamEntryID addCounted(Map<String, String> fields, long entries) {
        StreamEntryID id = client.xadd(stream, StreamEntryID.NEW_ENTRY, fields);
        client.incrBy(keys.backlog(), entries);
        return id;
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
