package io.logpipe.bootstrap.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.health.HealthCheck;
import io.logpipe.application.DrainQueue;
import io.logpipe.domain.DeadLetter;
import io.logpipe.domain.EntryIds;
import io.logpipe.domain.Histogram;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.IdempotencyClaim;
import io.logpipe.domain.Lease;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogQueue;
import io.logpipe.domain.LogStore;
import io.logpipe.domain.StoreUnavailableException;
import io.logpipe.domain.testing.InMemoryLogQueue;
import io.logpipe.domain.testing.InMemoryLogStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainWorkerTest {
    private static final Instant NOW = Instant.now();

    private final InMemoryLogQueue queue = new InMemoryLogQueue();
    private final InMemoryLogStore store = new InMemoryLogStore();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private DrainWorker worker;

    @AfterEach
    void stopWorker() throws Exception {
        if (worker != null) {
            worker.stop();
        }
        executor.shutdownNow();
    }

    @Test
    void goesOnDrainingAfterTheLoopDiesOfAnError() {
        AtomicBoolean failedOnce = new AtomicBoolean();
        LogStore failingOnceWithAnError = new LogStore() {
            @Override
            public int write(List<LogEntry> entries) {
                if (failedOnce.compareAndSet(false, true)) {
                    throw new OutOfMemoryError("test: heap exhausted while writing");
                }
                return store.write(entries);
            }

            @Override
            public LogPage query(LogQuery query) {
                return store.query(query);
            }

            @Override
            public Histogram histogram(HistogramQuery query) {
                return store.histogram(query);
            }
        };
        LogEntry entry = new LogEntry(EntryIds.newId(NOW), "acme", NOW, NOW, "svc", Level.INFO, "m", null, null,
                null, null);
        queue.enqueue(List.of(entry), 1_000);

        worker = start(new DrainQueue(queue, failingOnceWithAnError, 100, Duration.ofMillis(10)));

        await().atMost(Duration.ofSeconds(10)).until(() -> store.all().size() == 1);
        assertThat(store.all()).containsExactly(entry);
        assertThat(worker.status().restarts()).isEqualTo(1);
        assertThat(worker.status().running()).isTrue();
    }

    @Test
    void isUnhealthyWhenNoCycleHasCompletedForLongerThanTheThreshold() {
        worker = start(new DrainQueue(queue, store, 100, Duration.ofMillis(10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.status().lastSuccess().isAfter(Instant.EPOCH));

        HealthCheck.Result now = new WorkerHealthCheck(worker, Duration.ofMinutes(1), () -> Duration.ZERO,
                Duration.ofMinutes(5)).execute();
        HealthCheck.Result twoMinutesOn = new WorkerHealthCheck(worker, Duration.ofMinutes(1), () -> Duration.ZERO,
                Duration.ofMinutes(5), Clock.fixed(Instant.now().plus(Duration.ofMinutes(2)), ZoneOffset.UTC))
                .execute();

        assertThat(now.isHealthy()).isTrue();
        assertThat(twoMinutesOn.isHealthy()).isFalse();
        assertThat(twoMinutesOn.getMessage()).contains("may be stuck");
    }

    @Test
    void retriesAWriteThatFailsInPlaceWithoutLeasingItsEntriesAgain() {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        LogStore failingThrice = storeFailingWith(() -> failuresLeft.getAndDecrement() > 0
                ? new StoreUnavailableException("test: PostgreSQL restarting", null) : null);
        CountingQueue counting = new CountingQueue(queue);
        counting.enqueue(List.of(entry("m")), 1_000);

        StoreCircuit circuit = new StoreCircuit(Duration.ofSeconds(1));
        worker = start(new DrainQueue(counting, circuit.around(failingThrice), 100, Duration.ofMillis(10)), circuit,
                List.of("worker-1"));

        await().atMost(Duration.ofSeconds(10)).until(() -> store.all().size() == 1);
        assertThat(counting.nonEmptyLeases.get()).isEqualTo(1);
        assertThat(queue.held()).isZero();
    }

    @Test
    void opensTheCircuitWhilePostgresFailsAndDrainsEverythingOnceItIsBack() {
        store.setUnavailable(true);
        for (int i = 0; i < 5; i++) {
            queue.enqueue(List.of(entry("m" + i)), 1_000);
        }
        StoreCircuit circuit = new StoreCircuit(Duration.ofMillis(300));
        worker = start(new DrainQueue(queue, circuit.around(store), 1, Duration.ofMillis(10)), circuit,
                List.of("worker-1", "worker-2"));

        await().atMost(Duration.ofSeconds(10)).until(() -> worker.status().circuitOpen());
        HealthCheck.Result duringOutage = new WorkerHealthCheck(worker, Duration.ofMinutes(1), () -> Duration.ZERO,
                Duration.ofMinutes(5)).execute();
        store.setUnavailable(false);

        await().atMost(Duration.ofSeconds(10)).until(() -> store.all().size() == 5);
        assertThat(duringOutage.isHealthy()).isFalse();
        assertThat(duringOutage.getMessage()).contains("circuit open");
        await().atMost(Duration.ofSeconds(10)).until(() -> !worker.status().circuitOpen());
        assertThat(circuit.retries()).isPositive();
    }

    @Test
    void stopsWithinItsGraceWhenABatchHangsAndLeavesTheBatchForRedelivery() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        LogStore hanging = storeFailingWith(() -> {
            writing.countDown();
            try {
                Thread.sleep(Duration.ofMinutes(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new StoreUnavailableException("test: interrupted", null);
        });
        queue.enqueue(List.of(entry("m")), 1_000);
        StoreCircuit circuit = new StoreCircuit(Duration.ofSeconds(1));
        DrainWorker hangingWorker = new DrainWorker(new DrainQueue(queue, circuit.around(hanging), 100,
                Duration.ofMillis(10)), List.of("worker-1"), executor, circuit, Duration.ofSeconds(1),
                Duration.ofMillis(500), DrainWorker.DrainListener.NONE);
        hangingWorker.start();
        writing.await();

        long started = System.nanoTime();
        hangingWorker.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(queue.held()).as("entries left leased, to be delivered again").isEqualTo(1);
        assertThat(store.all()).isEmpty();
    }

    @Test
    void drainsEveryEntryOnceWithSeveralThreads() {
        for (int i = 0; i < 200; i++) {
            queue.enqueue(List.of(entry("m" + i)), 1_000);
        }
        StoreCircuit circuit = new StoreCircuit(Duration.ofSeconds(1));
        worker = start(new DrainQueue(queue, circuit.around(store), 7, Duration.ofMillis(10)), circuit,
                List.of("worker-1", "worker-2", "worker-3"));

        await().atMost(Duration.ofSeconds(10)).until(() -> store.all().size() == 200);
        assertThat(store.all()).doesNotHaveDuplicates();
        assertThat(worker.status().running()).isTrue();
    }

    private DrainWorker start(DrainQueue drain, StoreCircuit circuit, List<String> consumers) {
        DrainWorker started = new DrainWorker(drain, consumers, executor, circuit, Duration.ofMillis(200),
                Duration.ofSeconds(5), DrainWorker.DrainListener.NONE);
        started.start();
        return started;
    }

    /** The shared store, but each write first asks {@code failure} and throws what it gives, if anything. */
    private LogStore storeFailingWith(Supplier<RuntimeException> failure) {
        return new LogStore() {
            @Override
            public int write(List<LogEntry> entries) {
                RuntimeException thrown = failure.get();
                if (thrown != null) {
                    throw thrown;
                }
                return store.write(entries);
            }

            @Override
            public LogPage query(LogQuery query) {
                return store.query(query);
            }

            @Override
            public Histogram histogram(HistogramQuery query) {
                return store.histogram(query);
            }
        };
    }

    private static LogEntry entry(String message) {
        return new LogEntry(EntryIds.newId(NOW), "acme", NOW, NOW, "svc", Level.INFO, message, null, null, null,
                null);
    }

    /** Counts the leases that held entries. */
    private static final class CountingQueue implements LogQueue {
        private final LogQueue queue;
        private final AtomicInteger nonEmptyLeases = new AtomicInteger();

        CountingQueue(LogQueue queue) {
            this.queue = queue;
        }

        @Override
        public void enqueue(List<LogEntry> entries, long maxBacklog) {
            queue.enqueue(entries, maxBacklog);
        }

        @Override
        public Optional<IdempotencyClaim> enqueueOnce(List<LogEntry> entries, long maxBacklog,
                IdempotencyClaim claim) {
            return queue.enqueueOnce(entries, maxBacklog, claim);
        }

        @Override
        public Lease lease(String consumer, int maxEntries, Duration wait) {
            Lease lease = queue.lease(consumer, maxEntries, wait);
            if (!lease.isEmpty()) {
                nonEmptyLeases.incrementAndGet();
            }
            return lease;
        }

        @Override
        public void acknowledge(Lease lease, List<DeadLetter> deadLetters) {
            queue.acknowledge(lease, deadLetters);
        }
    }

    private DrainWorker start(DrainQueue drain) {
        return start(drain, new StoreCircuit(Duration.ofSeconds(1)), List.of("worker-1"));
    }
}
