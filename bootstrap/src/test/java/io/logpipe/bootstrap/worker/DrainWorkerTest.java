package io.logpipe.bootstrap.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.health.HealthCheck;
import io.logpipe.application.DrainQueue;
import io.logpipe.domain.EntryIds;
import io.logpipe.domain.Level;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import io.logpipe.domain.testing.InMemoryLogQueue;
import io.logpipe.domain.testing.InMemoryLogStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainWorkerTest {
    private static final Instant NOW = Instant.now();

    private final InMemoryLogQueue queue = new InMemoryLogQueue();
    private final InMemoryLogStore store = new InMemoryLogStore();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
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

        HealthCheck.Result now = new WorkerHealthCheck(worker, Duration.ofMinutes(1)).execute();
        HealthCheck.Result twoMinutesOn = new WorkerHealthCheck(worker, Duration.ofMinutes(1),
                Clock.fixed(Instant.now().plus(Duration.ofMinutes(2)), ZoneOffset.UTC)).execute();

        assertThat(now.isHealthy()).isTrue();
        assertThat(twoMinutesOn.isHealthy()).isFalse();
        assertThat(twoMinutesOn.getMessage()).contains("may be stuck");
    }

    private DrainWorker start(DrainQueue drain) {
        DrainWorker started = new DrainWorker(drain, "worker-1", executor, Duration.ofSeconds(1));
        started.start();
        return started;
    }
}
