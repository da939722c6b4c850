package io.logpipe.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.DeadLetterScope;
import io.logpipe.domain.IdempotencyClaim;
import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.QueueFullException;
import io.logpipe.domain.StoredDeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamConsumerInfo;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.util.SafeEncoder;

/** A queue spread over several streams: where entries go, how leases take them, and what each partition keeps. */
@ExtendWith(TestRedis.Extension.class)
class PartitionedQueueIT {
    private static final String GROUP = "logpipe-writers";
    private static final int PARTITIONS = 4;
    private static final Duration NO_WAIT = Duration.ZERO;
    private static final long NO_LIMIT = Long.MAX_VALUE;
    private static final Instant RECEIVED = Instant.parse("2024-05-01T08:00:00Z");

    private final TestRedis redis;
    private final RedisClient client;
    private final String stream = TestRedis.uniqueKey("entries");
    private final QueuePartitions layout = new QueuePartitions(stream, PARTITIONS);
    private final RedisLogQueue queue;

    PartitionedQueueIT(TestRedis redis) {
        this.redis = redis;
        this.client = redis.newClient();
        this.queue = partitioned(Duration.ofMinutes(2), 10);
    }

    @AfterEach
    void deleteKeysAndClose() {
        TestRedis.deleteQueueKeysAndClose(client, stream);
    }

    @Test
    void routesEachTenantsEntriesToThePartitionOfItsTenantInTheOrderTheyCame() {
        Map<String, List<LogEntry>> sent = new LinkedHashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (String tenant : tenantsIn(p, 2)) {
                List<LogEntry> entries = SampleEntries.numbered(6, tenant, RECEIVED);
                sent.put(tenant, entries);
                queue.enqueue(entries.subList(0, 3), NO_LIMIT);
                queue.enqueue(entries.subList(3, 6), NO_LIMIT);
            }
        }

        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            Map<String, List<LogEntry>> inStream = new LinkedHashMap<>();
            for (LogEntry entry : recordsOf(p)) {
                inStream.computeIfAbsent(entry.tenant(), tenant -> new ArrayList<>()).add(entry);
            }
            Map<String, List<LogEntry>> expected = sent.entrySet().stream()
                    .filter(tenant -> layout.ofTenant(tenant.getKey()) == partition)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(inStream).as("partition %d", p).isEqualTo(expected);
        }
        assertThat(client.exists(stream)).as("the unpartitioned stream").isFalse();
        assertThat(queue.backlog()).isEqualTo(6L * sent.size());
    }

    @Test
    void keepsATenantsIdempotencyClaimBesideItsRecordsAndAnswersARepeatFromThere() {
        String tenant = tenantIn(2);
        IdempotencyClaim claim = new IdempotencyClaim(tenant, "key-1", "fingerprint", RECEIVED, Duration.ofHours(1));

        Optional<IdempotencyClaim> first = queue.enqueueOnce(SampleEntries.numbered(2, tenant, RECEIVED), NO_LIMIT,
                claim);
        Optional<IdempotencyClaim> repeat = queue.enqueueOnce(SampleEntries.numbered(2, tenant, RECEIVED), NO_LIMIT,
                claim);

        assertThat(first).isEmpty();
        assertThat(repeat).contains(claim);
        assertThat(client.exists(layout.keys().get(2).claim(tenant, "key-1"))).isTrue();
        assertThat(client.xlen(layout.keys().get(2).stream())).isEqualTo(1);
        assertThat(queue.backlog()).isEqualTo(2);
    }

    @Test
    void deliversEveryEntryExactlyOnceAcrossPartitionsToSeveralConsumersLeasingAtOnce() throws Exception {
        List<LogEntry> sent = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (String tenant : tenantsIn(p, 3)) {
                for (int request = 0; request < 20; request++) {
                    List<LogEntry> entries = SampleEntries.numbered(3, tenant, RECEIVED);
                    queue.enqueue(entries, NO_LIMIT);
                    sent.addAll(entries);
                }
            }
        }
        List<LogEntry> delivered = Collections.synchronizedList(new ArrayList<>());
        List<Lease> leases = Collections.synchronizedList(new ArrayList<>());
        int consumers = 6;
        ExecutorService workers = Executors.newFixedThreadPool(consumers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                String consumer = "worker-" + c;
                running.add(workers.submit(() -> {
                    while (queue.backlog() > 0) {
                        Lease lease = queue.lease(consumer, 10, Duration.ofMillis(50));
                        delivered.addAll(lease.entries());
                        leases.add(lease);
                        queue.acknowledge(lease);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get(30, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }

        assertThat(delivered).hasSameSizeAs(sent).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(leases).allSatisfy(lease -> assertThat(partitionsOf(lease)).hasSizeLessThanOrEqualTo(1));
        assertThat(queue.backlog()).isZero();
        for (QueueKeys keys : layout.keys()) {
            assertThat(client.xlen(keys.stream())).as(keys.stream()).isZero();
        }
    }

    @Test
    void holdsTheRecordsOfOnePartitionOnlyInALease() {
        Map<Integer, List<LogEntry>> sent = new LinkedHashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            List<LogEntry> entries = SampleEntries.numbered(3, tenantIn(p), RECEIVED);
            queue.enqueue(entries, NO_LIMIT);
            sent.put(p, entries);
        }

        Map<Integer, List<LogEntry>> leased = new LinkedHashMap<>();
        for (int i = 0; i < PARTITIONS; i++) {
            Lease lease = queue.lease("worker-1", 1_000, NO_WAIT);
            Set<Integer> partitions = partitionsOf(lease);
            assertThat(partitions).hasSize(1);
            leased.put(partitions.iterator().next(), lease.entries());
            queue.acknowledge(lease);
        }

        assertThat(leased).isEqualTo(sent);
        assertThat(queue.lease("worker-1", 1_000, NO_WAIT).isEmpty()).isTrue();
    }

    @Test
    void looksAtEveryPartitionInTurnSoABusyOneStarvesNoOther() {
        String busy = tenantIn(0);
        for (int request = 0; request < 20; request++) {
            queue.enqueue(SampleEntries.numbered(10, busy, RECEIVED), NO_LIMIT);
        }
        List<LogEntry> quiet = SampleEntries.numbered(1, tenantIn(3), RECEIVED);
        queue.enqueue(quiet, NO_LIMIT);

        int leases = 0;
        boolean seen = false;
        while (!seen && leases < 20) {
            Lease lease = queue.lease("worker-1", 10, NO_WAIT);
            seen = lease.entries().equals(quiet);
            queue.acknowledge(lease);
            leases++;
        }

        assertThat(seen).isTrue();
        assertThat(leases).isLessThanOrEqualTo(PARTITIONS);
    }

    @Test
    void takesOverRecordsLeftUnacknowledgedInEveryPartitionAndRemovesTheConsumerThatLeftThem() {
        RedisLogQueue shortVisibility = partitioned(Duration.ofSeconds(1), 10);
        List<LogEntry> sent = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            List<LogEntry> entries = SampleEntries.numbered(2, tenantIn(p), RECEIVED);
            shortVisibility.enqueue(entries, NO_LIMIT);
            sent.addAll(entries);
        }
        List<LogEntry> abandoned = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            abandoned.addAll(shortVisibility.lease("worker-that-died", 10, NO_WAIT).entries());
        }
        assertThat(abandoned).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(shortVisibility.lease("worker-2", 10, NO_WAIT).isEmpty()).as("before the timeout").isTrue();

        List<LogEntry> takenOver = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Lease lease = shortVisibility.lease("worker-2", 10, NO_WAIT);
            takenOver.addAll(lease.entries());
            shortVisibility.acknowledge(lease);
            return takenOver.size() >= sent.size();
        });

        assertThat(takenOver).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(shortVisibility.backlog()).isZero();
        for (QueueKeys keys : layout.keys()) {
            assertThat(consumers(keys)).as(keys.stream()).doesNotContain("worker-that-died");
        }
    }

    @Test
    void setsARecordDeliveredTooOftenAsideInItsOwnPartition() {
        RedisLogQueue fewDeliveries = partitioned(Duration.ofMinutes(2), 2);
        List<LogEntry> poison = SampleEntries.numbered(2, tenantIn(1), RECEIVED);
        fewDeliveries.enqueue(poison, NO_LIMIT);

        assertThat(fewDeliveries.lease("worker-1", 10, NO_WAIT).entries()).containsExactlyElementsOf(poison);
        assertThat(fewDeliveries.lease("worker-1", 10, NO_WAIT).entries()).containsExactlyElementsOf(poison);
        Lease third = fewDeliveries.lease("worker-1", 10, NO_WAIT);

        assertThat(third.isEmpty()).isTrue();
        List<StreamEntry> dead = client.xrange(layout.keys().get(1).deadLetters(), "-", "+");
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getFields()).containsEntry("deliveries", "3").containsEntry("n", "2");
        assertThat(fewDeliveries.deadLetters()).isEqualTo(1);
        assertThat(fewDeliveries.backlog()).isZero();
    }

    @Test
    void keepsDeadLettersInTheirLeasesPartitionAndListsAndReplaysThemFromEvery() {
        List<LogEntry> first = SampleEntries.numbered(1, tenantIn(0), RECEIVED);
        List<LogEntry> third = SampleEntries.numbered(1, tenantIn(2), RECEIVED);
        for (List<LogEntry> entries : List.of(first, third)) {
            queue.enqueue(entries, NO_LIMIT);
            Lease lease = queue.lease("worker-1", 10, NO_WAIT);
            assertThat(lease.entries()).isEqualTo(entries);
            queue.acknowledge(lease, List.of(new DeadLetter(entries.get(0), "refused", "22021", 1)));
        }
        RedisDeadLetterStore store = queue.deadLetterStore();

        List<StoredDeadLetter> letters = store.list(DeadLetterScope.everything(), 10, null).letters();

        assertThat(client.xlen(layout.keys().get(0).deadLetters())).isEqualTo(1);
        assertThat(client.xlen(layout.keys().get(2).deadLetters())).isEqualTo(1);
        assertThat(queue.deadLetters()).isEqualTo(2);
        assertThat(letters).extracting(letter -> letter.id().substring(0, 2)).containsExactly("0.", "2.");
        assertThat(letters).flatExtracting(StoredDeadLetter::entries).containsExactly(first.get(0), third.get(0));

        store.replay(DeadLetterScope.everything(), letters.stream().map(StoredDeadLetter::id).toList());

        assertThat(recordsOf(0)).isEqualTo(first);
        assertThat(recordsOf(2)).isEqualTo(third);
        assertThat(queue.backlog()).isEqualTo(2);
        assertThat(queue.deadLetters()).isZero();
    }

    @Test
    void checksEachPartitionAgainstItsShareOfTheLimitAndAddsTheBacklogsUp() {
        long limit = 8; // a share of 2 per partition
        String crowded = tenantIn(0);
        queue.enqueue(SampleEntries.numbered(2, crowded, RECEIVED), limit);
        IdempotencyClaim claim = new IdempotencyClaim(crowded, "key-1", "fingerprint", RECEIVED, Duration.ofHours(1));

        assertThatThrownBy(() -> queue.enqueue(SampleEntries.numbered(1, crowded, RECEIVED), limit))
                .isInstanceOfSatisfying(QueueFullException.class, e -> assertThat(e.backlog()).isEqualTo(2));
        assertThatThrownBy(() -> queue.enqueueOnce(SampleEntries.numbered(1, crowded, RECEIVED), limit, claim))
                .isInstanceOf(QueueFullException.class);
        queue.enqueue(SampleEntries.numbered(2, tenantIn(1), RECEIVED), limit);
        queue.enqueue(SampleEntries.numbered(1, tenantIn(3), RECEIVED), limit);

        assertThat(queue.backlog()).isEqualTo(5);
        assertThat(client.exists(layout.keys().get(0).claim(crowded, "key-1"))).isFalse();
    }

    @Test
    void reportsTheAgeOfTheOldestEntryOfAnyPartition() {
        assertThat(queue.oldestEntryAge()).isZero();
        client.xadd(layout.keys().get(3).stream(), new StreamEntryID(System.currentTimeMillis() - 60_000, 0),
                Map.of("batch", "{}", "n", "0"));
        queue.enqueue(SampleEntries.numbered(1, tenantIn(0), RECEIVED), NO_LIMIT);

        assertThat(queue.oldestEntryAge()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(120));
    }

    @Test
    void createsTheConsumerGroupInEveryPartition() {
        for (QueueKeys keys : layout.keys()) {
            assertThat(client.xinfoGroups(keys.stream())).extracting(StreamGroupInfo::getName)
                    .as(keys.stream()).containsExactly(GROUP);
        }
    }

    @Test
    void wakesAWaitingLeaseWhenAnEntryArrivesInItsHomePartition() throws Exception {
        String consumer = consumerAtHome(1);
        List<LogEntry> entries = SampleEntries.numbered(1, tenantIn(1), RECEIVED);
        String name = "waiting-" + UUID.randomUUID();
        try (RedisClient waitingClient = redis.newNamedClient(name)) {
            RedisLogQueue waitingQueue = new RedisLogQueue(waitingClient, stream, GROUP, Duration.ofMinutes(2), 10,
                    PARTITIONS);
            CompletableFuture<Lease> waiting = CompletableFuture.supplyAsync(
                    () -> waitingQueue.lease(consumer, 10, Duration.ofSeconds(30)));
            awaitBlocked(name);

            queue.enqueue(entries, NO_LIMIT);

            assertThat(waiting.get(15, TimeUnit.SECONDS).entries()).isEqualTo(entries);
        }
    }

    @Test
    void deliversAnEntryThatArrivedElsewhereDuringTheWaitWithTheNextLease() throws Exception {
        String consumer = consumerAtHome(1);
        List<LogEntry> entries = SampleEntries.numbered(1, tenantIn(2), RECEIVED);
        String name = "waiting-" + UUID.randomUUID();
        try (RedisClient waitingClient = redis.newNamedClient(name)) {
            RedisLogQueue waitingQueue = new RedisLogQueue(waitingClient, stream, GROUP, Duration.ofMinutes(2), 10,
                    PARTITIONS);
            CompletableFuture<Lease> waiting = CompletableFuture.supplyAsync(
                    () -> waitingQueue.lease(consumer, 10, Duration.ofSeconds(1)));
            awaitBlocked(name);

            queue.enqueue(entries, NO_LIMIT);
            List<LogEntry> delivered = new ArrayList<>(waiting.get(15, TimeUnit.SECONDS).entries());
            delivered.addAll(waitingQueue.lease(consumer, 10, NO_WAIT).entries());

            assertThat(delivered).isEqualTo(entries);
        }
    }

    @Test
    void refusesReceiptsOfAnotherLayoutAndLeasesThatNameSeveralPartitions() {
        queue.enqueue(SampleEntries.numbered(1, tenantIn(0), RECEIVED), NO_LIMIT);
        queue.enqueue(SampleEntries.numbered(1, tenantIn(1), RECEIVED), NO_LIMIT);
        Lease first = queue.lease("worker-1", 10, NO_WAIT);
        Lease second = queue.lease("worker-1", 10, NO_WAIT);
        List<String> both = new ArrayList<>(first.receipts());
        both.addAll(second.receipts());
        List<LogEntry> entries = new ArrayList<>(first.entries());
        entries.addAll(second.entries());

        assertThatThrownBy(() -> queue.acknowledge(new Lease("worker-1", both, entries)))
                .isInstanceOf(IllegalArgumentException.class);
        for (String foreign : List.of("1-0", "4.1-0", "0.message-7")) {
            assertThatThrownBy(() -> queue.acknowledge(new Lease("worker-1", List.of(foreign), entries)))
                    .as(foreign).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(queue.backlog()).isEqualTo(2);
    }

    @Test
    void keepsTheConfiguredStreamAndItsKeysWithOnePartition() {
        String named = stream + ":single";
        RedisLogQueue single = new RedisLogQueue(client, named, GROUP, Duration.ofMinutes(2), 10, 1);
        List<LogEntry> entries = SampleEntries.numbered(2, tenantIn(3), RECEIVED);
        single.enqueue(entries, NO_LIMIT);

        Lease lease = single.lease("worker-1", 10, NO_WAIT);

        assertThat(lease.entries()).isEqualTo(entries);
        assertThat(lease.receipts()).allSatisfy(receipt -> assertThat(receipt).matches("\\d+-\\d+"));
        assertThat(client.xlen(named)).isEqualTo(1);
        assertThat(client.get(named + ":backlog")).isEqualTo("2");
        assertThat(client.keys("{" + named + "*")).isEmpty();
    }

    private RedisLogQueue partitioned(Duration visibilityTimeout, int maxDeliveries) {
        return new RedisLogQueue(client, stream, GROUP, visibilityTimeout, maxDeliveries, PARTITIONS);
    }

    /** Tenants whose entries go to partition {@code p}. */
    private List<String> tenantsIn(int p, int count) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> "tenant-" + i)
                .filter(tenant -> layout.ofTenant(tenant) == p).limit(count).toList();
    }

    private String tenantIn(int p) {
        return tenantsIn(p, 1).get(0);
    }

    private String consumerAtHome(int p) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> "worker-" + i)
                .filter(consumer -> layout.homeOf(consumer) == p).findFirst().orElseThrow();
    }

    /** The entries partition {@code p}'s stream holds, in order. */
    private List<LogEntry> recordsOf(int p) {
        LogEntryCodec codec = new LogEntryCodec();
        return client.xrange(layout.keys().get(p).stream(), "-", "+").stream()
                .flatMap(record -> codec.decode(record.getFields()).stream()).toList();
    }

    private Set<Integer> partitionsOf(Lease lease) {
        return lease.receipts().stream().map(receipt -> layout.parse(receipt).partition()).collect(Collectors.toSet());
    }

    private Set<String> consumers(QueueKeys keys) {
        return client.xinfoConsumers2(keys.stream(), GROUP).stream().map(StreamConsumerInfo::getName)
                .collect(Collectors.toSet());
    }

    /** Until a connection of the named client is blocked in Redis, as a lease waiting for new records is. */
    private void awaitBlocked(String clientName) {
        await().atMost(Duration.ofSeconds(10)).until(() -> clientList().lines()
                .anyMatch(line -> line.contains(" name=" + clientName + " ") && flags(line).contains("b")));
    }

    private String clientList() {
        return SafeEncoder.encode((byte[]) client.sendCommand(Protocol.Command.CLIENT, "LIST"));
    }

    private static String flags(String clientListLine) {
        for (String field : clientListLine.split(" ")) {
            if (field.startsWith("flags=")) {
                return field.substring("flags=".length());
            }
        }
        return "";
    }
}
