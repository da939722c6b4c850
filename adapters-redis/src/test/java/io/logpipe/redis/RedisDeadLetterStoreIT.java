package io.logpipe.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.DeadLetterPage;
import io.logpipe.domain.DeadLetterScope;
import io.logpipe.domain.InvalidRequestException;
import io.logpipe.domain.Lease;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.ReplayReport;
import io.logpipe.domain.StoredDeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;

/** Dead letters listed, inspected, replayed and purged in a real Redis. */
@ExtendWith(TestRedis.Extension.class)
class RedisDeadLetterStoreIT {
    private static final String GROUP = "logpipe-writers";
    private static final Duration NO_WAIT = Duration.ZERO;
    private static final long NO_LIMIT = Long.MAX_VALUE;
    private static final Instant RECEIVED = Instant.parse("2024-05-01T08:00:00Z");
    private static final DeadLetterScope EVERYTHING = DeadLetterScope.everything();
    private static final DeadLetterScope ACME = DeadLetterScope.of("acme");
    private static final DeadLetterScope GLOBEX = DeadLetterScope.of("globex");

    private final RedisClient client;
    private final String stream = TestRedis.uniqueKey("entries");
    private final QueueKeys keys = new QueueKeys(stream);
    private final RedisLogQueue queue;
    private final RedisDeadLetterStore store;

    RedisDeadLetterStoreIT(TestRedis redis) {
        this.client = redis.newClient();
        this.queue = new RedisLogQueue(client, stream, GROUP);
        this.store = queue.deadLetterStore();
    }

    @AfterEach
    void deleteKeysAndClose() {
        TestRedis.deleteQueueKeysAndClose(client, stream);
    }

    @Test
    void listsARefusedEntryWithItsReasonCodeDeliveriesAndTheTextItWasQueuedAs() {
        LogEntry entry = SampleEntries.full();
        Instant before = Instant.now().minusSeconds(1);

        setAside(List.of(entry), List.of(new DeadLetter(entry, "PostgreSQL rejected it", "22021", 2)));

        StoredDeadLetter letter = only(store.list(EVERYTHING, 10, null));
        assertThat(letter.entries()).containsExactly(entry);
        assertThat(letter.tenant()).isEqualTo(entry.tenant());
        assertThat(letter.reason()).isEqualTo("PostgreSQL rejected it");
        assertThat(letter.code()).isEqualTo("22021");
        assertThat(letter.deliveries()).isEqualTo(2);
        assertThat(letter.payload()).isEqualTo(new LogEntryCodec().encode(List.of(entry)).get(0).batch());
        assertThat(letter.setAsideAt()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
        assertThat(store.find(DeadLetterScope.of(entry.tenant()), letter.id())).contains(letter);
    }

    @Test
    void showsAnUndecodableRecordToTheOperatorOnlyAndRefusesToReplayIt() {
        client.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("batch", "{\"v\":2,\"tenant\":\"acme\",\"entr", "n", "1"));
        queue.lease("worker-1", 10, NO_WAIT);

        StoredDeadLetter letter = only(store.list(EVERYTHING, 10, null));
        ReplayReport report = store.replay(EVERYTHING, List.of(letter.id()));

        assertThat(letter.entries()).isEmpty();
        assertThat(letter.tenant()).isNull();
        assertThat(letter.payload()).isEqualTo("{\"v\":2,\"tenant\":\"acme\",\"entr");
        assertThat(letter.reason()).isNotBlank();
        assertThat(letter.code()).isEmpty();
        assertThat(report.undecodable()).containsExactly(letter.id());
        assertThat(store.list(ACME, 10, null).letters()).isEmpty();
        assertThat(store.find(ACME, letter.id())).isEmpty();
        assertThat(store.find(EVERYTHING, letter.id())).isPresent();
        assertThat(client.xlen(stream)).isZero();
    }

    @Test
    void showsAHandWrittenRecordWithoutABatchAsItsFields() {
        client.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("payload", "no entry field"));
        queue.lease("worker-1", 10, NO_WAIT);

        assertThat(only(store.list(EVERYTHING, 10, null)).payload()).isEqualTo("{\"payload\":\"no entry field\"}");
    }

    @Test
    void pagesOldestFirstSeeingEachDeadLetterOnceWhileMoreArrive() {
        List<LogEntry> first = SampleEntries.numbered(5);
        setAsideEach(first);

        List<LogEntry> seen = new ArrayList<>();
        DeadLetterPage page = store.list(EVERYTHING, 2, null);
        page.letters().forEach(letter -> seen.addAll(letter.entries()));
        List<LogEntry> later = SampleEntries.numbered(2);
        setAsideEach(later);
        store.purge(EVERYTHING, List.of(page.letters().get(0).id()));
        int pages = 1;
        while (page.nextCursor() != null) {
            page = store.list(EVERYTHING, 2, page.nextCursor());
            page.letters().forEach(letter -> seen.addAll(letter.entries()));
            pages++;
        }

        List<LogEntry> all = new ArrayList<>(first);
        all.addAll(later);
        assertThat(seen).containsExactlyElementsOf(all);
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void endsAPageOfLargeDeadLettersEarlyAndGoesOnFromThereOnTheNext() {
        List<LogEntry> large = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            large.add(SampleEntries.minimal(i + "x".repeat(1_000_000)));
        }
        setAsideEach(large);

        DeadLetterPage first = store.list(EVERYTHING, 100, null);
        List<LogEntry> seen = new ArrayList<>();
        first.letters().forEach(letter -> seen.addAll(letter.entries()));
        for (DeadLetterPage page = first; page.nextCursor() != null; ) {
            page = store.list(EVERYTHING, 100, page.nextCursor());
            page.letters().forEach(letter -> seen.addAll(letter.entries()));
        }

        assertThat(first.letters()).hasSizeBetween(1, 5);
        assertThat(first.nextCursor()).isNotNull();
        assertThat(seen).containsExactlyElementsOf(large);
    }

    @Test
    void findsATenantsFewDeadLettersAmongThousandsOfOtherTenants() {
        List<LogEntry> globex = SampleEntries.numbered(2_500, "globex", RECEIVED);
        List<LogEntry> acme = SampleEntries.numbered(3, "acme", RECEIVED);
        List<LogEntry> entries = new ArrayList<>(globex.subList(0, 1_200));
        entries.add(acme.get(0));
        entries.addAll(globex.subList(1_200, 2_400));
        entries.add(acme.get(1));
        entries.addAll(globex.subList(2_400, 2_500));
        entries.add(acme.get(2));
        setAsideTogether(entries);

        List<LogEntry> seen = new ArrayList<>();
        String cursor = null;
        do {
            DeadLetterPage page = store.list(ACME, 2, cursor);
            page.letters().forEach(letter -> seen.addAll(letter.entries()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(acme);
    }

    @Test
    void replaysAnEntryBackIntoTheQueueWithItsIdAndContentAndRemovesTheDeadLetter() {
        LogEntry entry = SampleEntries.full();
        setAsideEach(List.of(entry));
        String id = only(store.list(EVERYTHING, 10, null)).id();

        ReplayReport report = store.replay(DeadLetterScope.of(entry.tenant()), List.of(id, id));

        assertThat(report).isEqualTo(new ReplayReport(List.of(id), List.of(), List.of()));
        assertThat(queue.backlog()).isEqualTo(1);
        assertThat(queue.deadLetters()).isZero();
        assertThat(queue.lease("worker-2", 10, NO_WAIT).entries()).containsExactly(entry);
        assertThat(store.replay(EVERYTHING, List.of(id)).notFound()).containsExactly(id);
        assertThat(queue.backlog()).isEqualTo(1);
    }

    @Test
    void queuesAnEntryOnceHoweverManyCallersReplayItAtOnce() throws Exception {
        setAsideEach(SampleEntries.numbered(1));
        String id = only(store.list(EVERYTHING, 10, null)).id();
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ReplayReport>> reports = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                reports.add(pool.submit(() -> {
                    start.await();
                    return store.replay(EVERYTHING, List.of(id));
                }));
            }
            start.countDown();
            int replayed = 0;
            for (Future<ReplayReport> report : reports) {
                replayed += report.get(30, TimeUnit.SECONDS).replayed().size();
            }
            assertThat(replayed).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.xlen(stream)).isEqualTo(1);
        assertThat(queue.backlog()).isEqualTo(1);
    }

    @Test
    void replaysARecordSetAsideWholeWithEveryEntryItHeld() {
        List<LogEntry> entries = SampleEntries.numbered(3);
        String batch = new LogEntryCodec().encode(entries).get(0).batch();
        StreamEntryID dead = client.xadd(keys.deadLetters(), StreamEntryID.NEW_ENTRY, Map.of("batch", batch, "n", "3",
                "reason", "delivered 11 times without being stored", "original_id", "1-0", "deliveries", "11"));

        StoredDeadLetter letter = store.find(ACME, "0." + dead).orElseThrow();
        ReplayReport report = store.replay(ACME, List.of(letter.id()));

        assertThat(letter.entries()).containsExactlyElementsOf(entries);
        assertThat(letter.deliveries()).isEqualTo(11);
        assertThat(report.replayed()).containsExactly(letter.id());
        assertThat(queue.backlog()).isEqualTo(3);
        assertThat(queue.lease("worker-1", 10, NO_WAIT).entries()).containsExactlyElementsOf(entries);
    }

    @Test
    void keepsAnotherTenantsDeadLettersOutOfReach() {
        LogEntry acme = SampleEntries.minimal();
        setAsideEach(List.of(acme));
        String id = only(store.list(ACME, 10, null)).id();

        assertThat(store.list(GLOBEX, 10, null).letters()).isEmpty();
        assertThat(store.find(GLOBEX, id)).isEmpty();
        assertThat(store.replay(GLOBEX, List.of(id))).isEqualTo(new ReplayReport(List.of(), List.of(id), List.of()));
        assertThat(store.purge(GLOBEX, List.of(id))).isEmpty();
        assertThat(store.replayAll(GLOBEX)).isZero();
        assertThat(store.purgeAll(GLOBEX)).isZero();

        assertThat(store.find(ACME, id).orElseThrow().entries()).containsExactly(acme);
        assertThat(client.xlen(stream)).isZero();
    }

    @Test
    void purgesByIdAndThenEveryDeadLetterOfOneTenant() {
        List<LogEntry> acme = SampleEntries.numbered(3, "acme", RECEIVED);
        LogEntry globex = SampleEntries.numbered(1, "globex", RECEIVED).get(0);
        setAsideEach(List.of(acme.get(0), globex, acme.get(1), acme.get(2)));
        String first = store.list(ACME, 1, null).letters().get(0).id();

        assertThat(store.purge(ACME, List.of(first, first, "0.1-0"))).containsExactly(first);
        assertThat(store.purgeAll(ACME)).isEqualTo(2);

        assertThat(store.list(EVERYTHING, 10, null).letters()).flatExtracting(StoredDeadLetter::entries)
                .containsExactly(globex);
        assertThat(client.xlen(stream)).isZero();
    }

    @Test
    void replaysEveryDeadLetterOfOneTenantButNoneOfTheOthers() {
        List<LogEntry> acme = SampleEntries.numbered(150, "acme", RECEIVED);
        List<LogEntry> globex = SampleEntries.numbered(2, "globex", RECEIVED);
        List<LogEntry> all = new ArrayList<>(acme);
        all.addAll(1, globex);
        setAsideTogether(all);

        assertThat(store.replayAll(ACME)).isEqualTo(150);

        assertThat(queue.backlog()).isEqualTo(150);
        assertThat(store.list(EVERYTHING, 10, null).letters()).flatExtracting(StoredDeadLetter::entries)
                .containsExactlyElementsOf(globex);
        assertThat(queue.lease("worker-1", 1_000, NO_WAIT).entries()).containsExactlyElementsOf(acme);
    }

    @Test
    void listsAndReplaysAcrossSeveralPartitionsEachIntoItsOwnStream() {
        String otherStream = stream + ":p1";
        RedisLogQueue other = new RedisLogQueue(client, otherStream, GROUP);
        RedisDeadLetterStore both = new RedisDeadLetterStore(client, List.of(keys, new QueueKeys(otherStream)));
        LogEntry inFirst = SampleEntries.minimal("first partition");
        LogEntry inSecond = SampleEntries.minimal("second partition");
        setAside(other, List.of(inSecond), List.of(new DeadLetter(inSecond, "refused", "22021", 1)));
        setAsideEach(List.of(inFirst));

        List<StoredDeadLetter> listed = new ArrayList<>(both.list(EVERYTHING, 1, null).letters());
        listed.addAll(both.list(EVERYTHING, 1, listed.get(0).id()).letters());
        both.replay(ACME, listed.stream().map(StoredDeadLetter::id).toList());

        assertThat(listed).flatExtracting(StoredDeadLetter::entries).containsExactly(inFirst, inSecond);
        assertThat(queue.lease("worker-1", 10, NO_WAIT).entries()).containsExactly(inFirst);
        assertThat(other.lease("worker-1", 10, NO_WAIT).entries()).containsExactly(inSecond);
    }

    @Test
    void answersIdsItNeverMadeAsNotFound() {
        List<String> nonsense = List.of("x", "0.1-0", "7.1-0", "0.99999999999999999999-0", "0.1-0-0", "");

        assertThat(store.replay(EVERYTHING, nonsense).notFound()).containsExactlyElementsOf(nonsense);
        assertThat(store.purge(EVERYTHING, nonsense)).isEmpty();
        assertThat(nonsense).allSatisfy(id -> assertThat(store.find(EVERYTHING, id)).isEmpty());
    }

    @Test
    void refusesACursorItDidNotMake() {
        assertThatThrownBy(() -> store.list(EVERYTHING, 10, "page-2")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.list(EVERYTHING, 10, "1.1-0")).isInstanceOf(InvalidRequestException.class);
    }

    private void setAsideEach(List<LogEntry> entries) {
        for (LogEntry entry : entries) {
            setAside(List.of(entry), List.of(new DeadLetter(entry, "refused", "22021", 1)));
        }
    }

    private void setAsideTogether(List<LogEntry> entries) {
        setAside(entries, entries.stream().map(entry -> new DeadLetter(entry, "refused", "22021", 1)).toList());
    }

    private void setAside(List<LogEntry> entries, List<DeadLetter> letters) {
        setAside(queue, entries, letters);
    }

    private static void setAside(RedisLogQueue into, List<LogEntry> entries, List<DeadLetter> letters) {
        into.enqueue(entries, NO_LIMIT);
        Lease lease = into.lease("worker-0", entries.size(), NO_WAIT);
        assertThat(lease.entries()).containsExactlyElementsOf(entries);
        into.acknowledge(lease, letters);
    }

    private static StoredDeadLetter only(DeadLetterPage page) {
        assertThat(page.letters()).hasSize(1);
        assertThat(page.nextCursor()).isNull();
        return page.letters().get(0);
    }
}
