package io.logpipe.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.IdempotencyClaim;
import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.QueueFullException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/** How entries travel through the queue when Redis is healthy. */
@ExtendWith(TestRedis.Extension.class)
class RedisLogQueueIT {
    private static final String GROUP = "logpipe-writers";
    private static final Duration NO_WAIT = Duration.ZERO;
    private static final long NO_LIMIT = Long.MAX_VALUE;
    private static final Duration RETENTION = Duration.ofHours(1);

    private final TestRedis redis;
    private final RedisClient client;
    private final String stream = TestRedis.uniqueKey("entries");
    private final QueueKeys keys = new QueueKeys(stream);
    private final RedisLogQueue queue;

    RedisLogQueueIT(TestRedis redis) {
        this.redis = redis;
        this.client = redis.newClient();
        this.queue = new RedisLogQueue(client, stream, GROUP);
    }

    @AfterEach
    void deleteKeysAndClose() {
        TestRedis.deleteQueueKeysAndClose(client, stream);
    }

    @Test
    void leasesEnqueuedEntriesWithEveryFieldIntact() {
        List<LogEntry> entries = List.of(SampleEntries.full(), SampleEntries.minimal());

        queue.enqueue(entries, NO_LIMIT);
        Lease lease = queue.lease("worker-1", 10, NO_WAIT);

        assertThat(lease.consumer()).isEqualTo("worker-1");
        assertThat(lease.entries()).containsExactlyElementsOf(entries);
        assertThat(lease.entries().get(0).attributes().json()).isEqualTo(SampleEntries.EVERY_KIND.json());
        assertThat(lease.receipts()).doesNotHaveDuplicates();
    }

    @Test
    void keepsEntriesInRedisUntilAcknowledgedAndRemovesThemAfter() {
        queue.enqueue(SampleEntries.numbered(3), NO_LIMIT);
        Lease lease = queue.lease("worker-1", 10, NO_WAIT);

        assertThat(queue.backlog()).isEqualTo(3);

        queue.acknowledge(lease);

        assertThat(queue.backlog()).isZero();
        assertThat(client.xlen(stream)).isZero();
        assertThat(queue.lease("worker-1", 10, NO_WAIT).isEmpty()).isTrue();
    }

    @Test
    void keepsDeadLettersWithTheirReasonAndCodeWhileAcknowledgingTheLease() {
        List<LogEntry> entries = SampleEntries.numbered(3);
        queue.enqueue(entries, NO_LIMIT);
        Lease lease = queue.lease("worker-1", 10, NO_WAIT);

        queue.acknowledge(lease, List.of(new DeadLetter(entries.get(1), "PostgreSQL refused it", "22021", 3)));

        assertThat(queue.backlog()).isZero();
        assertThat(client.xlen(stream)).isZero();
        assertThat(queue.deadLetters()).isEqualTo(1);
        Map<String, String> letter = client.xrange(keys.deadLetters(), (StreamEntryID) null, (StreamEntryID) null)
                .get(0).getFields();
        assertThat(letter).containsEntry("reason", "PostgreSQL refused it").containsEntry("code", "22021")
                .containsEntry("n", "1").containsEntry("deliveries", "3")
                .containsEntry("tenant", entries.get(1).tenant());
        assertThat(new LogEntryCodec().decode(letter)).containsExactly(entries.get(1));
    }

    @Test
    void acknowledgingALeaseAgainAfterALostReplyTakesNothingOffTheBacklogTwiceNorSetsItsDeadLettersAsideTwice() {
        List<LogEntry> entries = SampleEntries.numbered(2);
        queue.enqueue(entries, NO_LIMIT);
        queue.enqueue(SampleEntries.numbered(1), NO_LIMIT);
        Lease lease = queue.lease("worker-1", 2, NO_WAIT);
        List<DeadLetter> letters = List.of(new DeadLetter(entries.get(0), "refused", "22P02", 1));

        queue.acknowledge(lease, letters);
        queue.acknowledge(lease, letters);

        assertThat(queue.backlog()).isEqualTo(1);
        assertThat(queue.deadLetters()).isEqualTo(1);
    }

    @Test
    void anotherConsumerTakesOverRecordsLeftUnacknowledgedLongerThanTheVisibilityTimeout() {
        RedisLogQueue shortVisibility = new RedisLogQueue(client, stream, GROUP, Duration.ofSeconds(1));
        List<LogEntry> entries = SampleEntries.numbered(3);
        shortVisibility.enqueue(entries, NO_LIMIT);
        Lease abandoned = shortVisibility.lease("worker-that-died", 10, NO_WAIT);
        assertThat(shortVisibility.lease("worker-2", 10, NO_WAIT).isEmpty()).as("before the timeout").isTrue();

        Lease takenOver = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> shortVisibility.lease("worker-2", 10, NO_WAIT), lease -> !lease.isEmpty());
        shortVisibility.acknowledge(takenOver);
        shortVisibility.acknowledge(abandoned);

        assertThat(takenOver.entries()).containsExactlyElementsOf(entries);
        assertThat(shortVisibility.backlog()).isZero();
        assertThat(client.xlen(stream)).isZero();
    }

    @Test
    void measuresHowLongTheOldestEntryNotYetStoredHasWaited() {
        assertThat(queue.oldestEntryAge()).isZero();
        client.xadd(stream, new StreamEntryID(System.currentTimeMillis() - 60_000, 0),
                Map.of("batch", "{}", "n", "0"));
        queue.enqueue(SampleEntries.numbered(1), NO_LIMIT);

        assertThat(queue.oldestEntryAge()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(120));
    }

    @Test
    void countsTheBacklogInEntriesAcrossRecords() {
        RedisLogQueue smallRecords = new RedisLogQueue(client, stream, GROUP, new LogEntryCodec(4, 1 << 20));
        smallRecords.enqueue(SampleEntries.numbered(10), NO_LIMIT);

        assertThat(client.xlen(stream)).isEqualTo(3);
        assertThat(smallRecords.backlog()).isEqualTo(10);

        Lease lease = smallRecords.lease("worker-1", 5, NO_WAIT);
        smallRecords.acknowledge(lease);

        assertThat(lease.size()).isEqualTo(8);
        assertThat(smallRecords.backlog()).isEqualTo(2);
    }

    @Test
    void splitsALargeEnqueueIntoRecordsOfAThousandEntriesAndLeasesOneWhole() {
        List<LogEntry> entries = SampleEntries.numbered(2_500);

        queue.enqueue(entries, NO_LIMIT);
        Lease lease = queue.lease("worker-1", 1_000, NO_WAIT);

        assertThat(client.xlen(stream)).isEqualTo(3);
        assertThat(lease.receipts()).hasSize(1);
        assertThat(lease.entries()).isEqualTo(entries.subList(0, 1_000));
    }

    @Test
    void deliversEveryEntryOfALargeEnqueueExactlyOnceInWholeRecords() {
        RedisLogQueue smallRecords = new RedisLogQueue(client, stream, GROUP, new LogEntryCodec(10, 1 << 20));
        List<LogEntry> entries = SampleEntries.numbered(95);
        smallRecords.enqueue(entries, NO_LIMIT);

        List<LogEntry> delivered = new ArrayList<>();
        List<Integer> leaseSizes = new ArrayList<>();
        for (Lease lease = smallRecords.lease("worker-1", 25, NO_WAIT); !lease.isEmpty();
                lease = smallRecords.lease("worker-1", 25, NO_WAIT)) {
            delivered.addAll(lease.entries());
            leaseSizes.add(lease.size());
            smallRecords.acknowledge(lease);
        }

        assertThat(delivered).isEqualTo(entries);
        assertThat(leaseSizes).containsExactly(30, 30, 30, 5);
        assertThat(smallRecords.backlog()).isZero();
        assertThat(client.xlen(stream)).isZero();
    }

    @Test
    void stopsALeaseAtTheRecordThatFillsItAndStartsTheNextWithTheRecordsReadBeyond() {
        List<LogEntry> single = SampleEntries.numbered(1);
        List<List<LogEntry>> groups = List.of(SampleEntries.numbered(10), SampleEntries.numbered(10),
                SampleEntries.numbered(10));
        queue.enqueue(single, NO_LIMIT);
        groups.forEach(group -> queue.enqueue(group, NO_LIMIT));

        Lease first = queue.lease("worker-1", 12, NO_WAIT);
        queue.acknowledge(first);
        Lease second = queue.lease("worker-1", 100, NO_WAIT);
        queue.acknowledge(second);

        assertThat(first.receipts()).hasSize(3);
        assertThat(first.entries()).containsExactlyElementsOf(concat(single, groups.get(0), groups.get(1)));
        assertThat(second.entries()).containsExactlyElementsOf(groups.get(2));
        assertThat(queue.lease("worker-1", 100, NO_WAIT).isEmpty()).isTrue();
        assertThat(queue.backlog()).isZero();
    }

    @Test
    void refusesEntriesOnceTheBacklogReachesItsLimitAndQueuesNothing() {
        queue.enqueue(SampleEntries.numbered(5), NO_LIMIT);

        assertThatThrownBy(() -> queue.enqueue(SampleEntries.numbered(1), 5))
                .isInstanceOfSatisfying(QueueFullException.class, e -> assertThat(e.backlog()).isEqualTo(5));
        assertThat(queue.backlog()).isEqualTo(5);
        assertThat(client.xlen(stream)).isEqualTo(1);
    }

    @Test
    void admitsARequestWhileTheBacklogIsBelowTheLimitEvenIfItOvershootsIt() {
        queue.enqueue(SampleEntries.numbered(4), 5);
        queue.enqueue(SampleEntries.numbered(4), 5);

        assertThat(queue.backlog()).isEqualTo(8);
        assertThatThrownBy(() -> queue.enqueue(SampleEntries.numbered(1), 5))
                .isInstanceOf(QueueFullException.class);
    }

    @Test
    void admitsEntriesAgainOnceWorkersHaveCaughtUp() {
        queue.enqueue(SampleEntries.numbered(5), 5);
        assertThatThrownBy(() -> queue.enqueue(SampleEntries.numbered(1), 5)).isInstanceOf(QueueFullException.class);

        queue.acknowledge(queue.lease("worker-1", 10, NO_WAIT));
        List<LogEntry> later = SampleEntries.numbered(1);
        queue.enqueue(later, 5);

        assertThat(queue.lease("worker-1", 10, NO_WAIT).entries()).isEqualTo(later);
    }

    @Test
    void letsConcurrentRequestsOvershootTheLimitByLessThanOneRequest() throws Exception {
        int requestSize = 10;
        long limit = 100;
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                sent.add(senders.submit(() -> {
                    while (true) {
                        try {
                            queue.enqueue(SampleEntries.numbered(requestSize), limit);
                        } catch (QueueFullException e) {
                            return;
                        }
                    }
                }));
            }
            for (Future<?> sender : sent) {
                sender.get(20, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }

        assertThat(queue.backlog()).isBetween(limit, limit + requestSize - 1);
        assertThat(client.xlen(stream) * requestSize).isEqualTo(queue.backlog());
    }

    @Test
    void queuesEntriesOnceForAClaimAndAnswersARepeatWithTheEarlierClaim() {
        IdempotencyClaim first = claim("acme", "key-1", "sha256 of the first body",
                Instant.parse("2024-05-01T08:00:00.123456789Z"));
        IdempotencyClaim repeat = claim("acme", "key-1", "sha256 of another body",
                Instant.parse("2024-05-01T08:05:00Z"));

        Optional<IdempotencyClaim> firstAnswer = queue.enqueueOnce(SampleEntries.numbered(2), NO_LIMIT, first);
        Optional<IdempotencyClaim> repeatAnswer = queue.enqueueOnce(SampleEntries.numbered(2), NO_LIMIT, repeat);

        assertThat(firstAnswer).isEmpty();
        assertThat(repeatAnswer).contains(first);
        assertThat(queue.backlog()).isEqualTo(2);
        assertThat(client.xlen(stream)).isEqualTo(1);
    }

    @Test
    void answersARepeatWithTheEarlierClaimEvenWhenTheQueueIsFull() {
        IdempotencyClaim claim = claim("acme", "key-1", "fingerprint", Instant.parse("2024-05-01T08:00:00Z"));
        queue.enqueueOnce(SampleEntries.numbered(3), 10, claim);
        queue.enqueue(SampleEntries.numbered(10), NO_LIMIT);

        assertThat(queue.enqueueOnce(SampleEntries.numbered(3), 10, claim)).contains(claim);
        assertThat(queue.backlog()).isEqualTo(13);
    }

    @Test
    void queuesTheSameKeyAgainForAnotherTenant() {
        Instant now = Instant.parse("2024-05-01T08:00:00Z");
        queue.enqueueOnce(SampleEntries.numbered(2), NO_LIMIT, claim("acme", "key-1", "fingerprint", now));

        Optional<IdempotencyClaim> other = queue.enqueueOnce(SampleEntries.numbered(3, "globex", now), NO_LIMIT,
                claim("globex", "key-1", "fingerprint", now));

        assertThat(other).isEmpty();
        assertThat(queue.backlog()).isEqualTo(5);
    }

    @Test
    void recordsNoClaimWhenTheQueueIsFull() {
        IdempotencyClaim claim = claim("acme", "key-1", "fingerprint", Instant.parse("2024-05-01T08:00:00Z"));
        queue.enqueue(SampleEntries.numbered(5), NO_LIMIT);

        assertThatThrownBy(() -> queue.enqueueOnce(SampleEntries.numbered(2), 5, claim))
                .isInstanceOf(QueueFullException.class);
        assertThat(client.exists(keys.claim("acme", "key-1"))).isFalse();

        queue.acknowledge(queue.lease("worker-1", 10, NO_WAIT));

        assertThat(queue.enqueueOnce(SampleEntries.numbered(2), 5, claim)).isEmpty();
        assertThat(queue.backlog()).isEqualTo(2);
    }

    @Test
    void keepsAClaimForItsRetentionOnly() {
        IdempotencyClaim claim = new IdempotencyClaim("acme", "key-1", "fingerprint",
                Instant.parse("2024-05-01T08:00:00Z"), Duration.ofSeconds(90));

        queue.enqueueOnce(SampleEntries.numbered(1), NO_LIMIT, claim);

        assertThat(client.pttl(keys.claim("acme", "key-1"))).isPositive().isLessThanOrEqualTo(90_000);
    }

    @Test
    void redeliversUnacknowledgedEntriesToTheSameConsumerAfterARestart() {
        queue.enqueue(SampleEntries.numbered(3), NO_LIMIT);
        Lease beforeCrash = queue.lease("worker-1", 10, NO_WAIT);

        try (RedisClient restartedClient = redis.newClient()) {
            RedisLogQueue restarted = new RedisLogQueue(restartedClient, stream, GROUP);
            Lease afterRestart = restarted.lease("worker-1", 10, NO_WAIT);

            assertThat(afterRestart.entries()).containsExactlyElementsOf(beforeCrash.entries());
            assertThat(afterRestart.receipts()).isEqualTo(beforeCrash.receipts());
            assertThat(restarted.backlog()).isEqualTo(3);
        }
    }

    @Test
    void redeliversUnacknowledgedEntriesBeforeNewOnes() {
        List<LogEntry> entries = SampleEntries.numbered(4);
        queue.enqueue(entries.subList(0, 2), NO_LIMIT);
        Lease unacknowledged = queue.lease("worker-1", 10, NO_WAIT);
        queue.enqueue(entries.subList(2, 4), NO_LIMIT);

        Lease again = queue.lease("worker-1", 10, NO_WAIT);
        queue.acknowledge(again);
        Lease next = queue.lease("worker-1", 10, NO_WAIT);

        assertThat(again.entries()).isEqualTo(unacknowledged.entries()).isEqualTo(entries.subList(0, 2));
        assertThat(next.entries()).isEqualTo(entries.subList(2, 4));
    }

    @Test
    void givesTwoConsumersDifferentNewEntries() {
        List<LogEntry> entries = SampleEntries.numbered(5);
        queue.enqueue(entries.subList(0, 2), NO_LIMIT);
        queue.enqueue(entries.subList(2, 5), NO_LIMIT);

        Lease first = queue.lease("worker-a", 2, NO_WAIT);
        Lease second = queue.lease("worker-b", 10, NO_WAIT);

        assertThat(first.entries()).isEqualTo(entries.subList(0, 2));
        assertThat(second.entries()).isEqualTo(entries.subList(2, 5));
    }

    @Test
    void deliversEntriesQueuedBeforeTheGroupExisted() {
        List<LogEntry> entries = SampleEntries.numbered(2);
        queue.enqueue(entries, NO_LIMIT);

        RedisLogQueue newGroup = new RedisLogQueue(client, stream, "latecomers");

        assertThat(newGroup.lease("latecomer-1", 10, NO_WAIT).entries()).isEqualTo(entries);
    }

    @Test
    void drainsRecordsThatTheReleaseBeforeBatchesWroteOnePerEntry() {
        // As the earlier release left it: its group and three records, one leased by worker-1 and not acknowledged.
        String upgraded = stream + ":upgraded";
        client.xgroupCreate(upgraded, GROUP, new StreamEntryID(0, 0), true);
        List<LogEntry> old = List.of(SampleEntries.full(), SampleEntries.minimal("old 1"),
                SampleEntries.minimal("old 2"));
        old.forEach(entry -> client.xadd(upgraded, StreamEntryID.NEW_ENTRY, Map.of("entry", versionOne(entry))));
        client.xreadGroup(GROUP, "worker-1", XReadGroupParams.xReadGroupParams().count(1),
                Map.of(upgraded, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));

        RedisLogQueue afterUpgrade = new RedisLogQueue(client, upgraded, GROUP);
        long backlogAtStart = afterUpgrade.backlog();
        Lease pending = afterUpgrade.lease("worker-1", 10, NO_WAIT);
        afterUpgrade.acknowledge(pending);
        long backlogBetween = afterUpgrade.backlog();
        Lease rest = afterUpgrade.lease("worker-1", 10, NO_WAIT);
        afterUpgrade.acknowledge(rest);

        assertThat(backlogAtStart).isEqualTo(3);
        assertThat(pending.entries()).containsExactly(old.get(0));
        assertThat(backlogBetween).isEqualTo(2);
        assertThat(rest.entries()).containsExactlyElementsOf(old.subList(1, 3));
        assertThat(afterUpgrade.backlog()).isZero();
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

        queue.enqueue(List.of(entry), NO_LIMIT);

        assertThat(waiting.get(15, TimeUnit.SECONDS).entries()).containsExactly(entry);
    }

    @Test
    void countsALeaseAcknowledgedTwiceOnceAndIgnoresAnEmptyOne() {
        List<LogEntry> entries = SampleEntries.numbered(5);
        queue.enqueue(entries.subList(0, 3), NO_LIMIT);
        queue.enqueue(entries.subList(3, 5), NO_LIMIT);
        Lease lease = queue.lease("worker-1", 1, NO_WAIT);

        queue.acknowledge(lease);
        queue.acknowledge(lease);
        queue.acknowledge(Lease.empty("worker-1"));

        assertThat(lease.entries()).isEqualTo(entries.subList(0, 3));
        assertThat(queue.backlog()).isEqualTo(2);
        assertThat(queue.lease("worker-1", 10, NO_WAIT).entries()).isEqualTo(entries.subList(3, 5));
    }

    private static IdempotencyClaim claim(String tenant, String key, String fingerprint, Instant receivedAt) {
        return new IdempotencyClaim(tenant, key, fingerprint, receivedAt, RETENTION);
    }

    /** The entry as the release before batches wrote it, decimals list and all. */
    private static String versionOne(LogEntry entry) {
        return "{\"v\":1,\"id\":\"" + entry.id() + "\",\"tenant\":\"" + entry.tenant() + "\",\"timestamp\":\""
                + Timestamps.format(entry.timestamp()) + "\",\"received_at\":\"" + Timestamps.format(entry.receivedAt())
                + "\",\"service\":\"" + entry.service() + "\",\"level\":\"" + entry.level().wireName()
                + "\",\"message\":" + quoted(entry.message()) + ",\"attributes\":" + entry.attributes().json()
                + ",\"decimals\":{\"/price\":\"19.90\"},\"trace_id\":" + quoted(entry.traceId())
                + ",\"span_id\":" + quoted(entry.spanId()) + ",\"host\":" + quoted(entry.host()) + "}";
    }

    private static String quoted(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }

    @SafeVarargs
    private static List<LogEntry> concat(List<LogEntry>... lists) {
        List<LogEntry> all = new ArrayList<>();
        for (List<LogEntry> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
