package io.logpipe.bootstrap.worker;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.dropwizard.lifecycle.Managed;
import io.logpipe.application.DrainQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link DrainQueue} in a loop on one thread for the life of the server. While PostgreSQL or Redis fails it
 * retries with exponential backoff; leased entries stay unacknowledged in the queue meanwhile, so nothing is lost.
 * {@link #stop()} stops taking new leases and waits a bounded time for the current one; a lease abandoned then is
 * redelivered on the next start. An {@link Error} in the loop is logged and counted, and the loop goes on after a pause.
 */
public final class DrainWorker implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DrainWorker.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** Keeps a loop that fails with an Error at once, again and again, from spinning. */
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

    private final DrainQueue drain;
    private final String consumer;
    private final ExecutorService executor;
    private final RetryPolicy<DrainQueue.Drained> retry;
    private volatile boolean running;
    private volatile Future<?> loop;
    private volatile Instant startedAt = Instant.EPOCH;
    private volatile Instant lastSuccess = Instant.EPOCH;
    private volatile String lastFailure;
    private final AtomicLong restarts = new AtomicLong();

    public DrainWorker(DrainQueue drain, String consumer, ExecutorService executor, Duration maxBackoff) {
        this.drain = drain;
        this.consumer = consumer;
        this.executor = executor;
        this.retry = RetryPolicy.<DrainQueue.Drained>builder()
                .handle(RuntimeException.class)
                .withBackoff(Duration.ofMillis(100), maxBackoff)
                .withMaxRetries(-1)
                .onFailedAttempt(event -> recordFailure(event.getLastException()))
                .abortIf((result, failure) -> !running)
                .build();
    }

    @Override
    public void start() {
        running = true;
        startedAt = Instant.now();
        loop = executor.submit(this::drainUntilStopped);
        LOG.info("Drain worker started as consumer '{}'", consumer);
    }

    @Override
    public void stop() throws Exception {
        running = false;
        Future<?> current = loop;
        if (current == null) {
            return;
        }
        try {
            current.get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Drain worker did not finish its batch within {}; its lease will be redelivered", STOP_GRACE);
            current.cancel(true);
        }
        LOG.info("Drain worker stopped");
    }

    /** What the worker health check reports. */
    public WorkerStatus status() {
        Future<?> current = loop;
        boolean alive = running && current != null && !current.isDone();
        return new WorkerStatus(alive, startedAt, lastSuccess, lastFailure, restarts.get());
    }

    private void drainUntilStopped() {
        while (running) {
            try {
                DrainQueue.Drained drained = Failsafe.with(retry).get(() -> drain.drainOnce(consumer));
                lastSuccess = Instant.now();
                lastFailure = null;
                if (drained.deadLettered() > 0) {
                    LOG.warn("Set aside {} of {} leased entries as dead letters: the store refused them for good",
                            drained.deadLettered(), drained.leased());
                }
                if (drained.leased() > 0) {
                    LOG.debug("Moved {} entries ({} new) into the store", drained.leased(), drained.stored());
                }
            } catch (FailsafeException e) {
                if (e.getCause() instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                LOG.error("Drain worker loop failed unexpectedly; continuing", e);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error("Drain worker loop failed unexpectedly; continuing", e);
                }
            } catch (Error e) {
                // Such as an OutOfMemoryError while decoding a huge batch: the lease stays unacknowledged and is
                // delivered again, so going on loses nothing, while ending the loop would stop all draining.
                restarts.incrementAndGet();
                lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.error("Drain worker loop died of an error; starting it again (restart {})", restarts.get(), e);
                pauseAfterError();
            }
        }
    }

    private void pauseAfterError() {
        try {
            Thread.sleep(ERROR_PAUSE.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void recordFailure(Throwable failure) {
        lastFailure = failure == null ? "unknown failure" : failure.getClass().getSimpleName() + ": "
                + failure.getMessage();
        LOG.warn("Draining the queue failed, retrying with backoff: {}", lastFailure);
    }

    /**
     * @param running whether the loop is alive
     * @param startedAt when the worker was started
     * @param lastSuccess when a lease cycle last completed (also when it found the queue empty)
     * @param lastFailure the failure of the latest attempt, or null when it succeeded
     * @param restarts how often the loop died of an {@link Error} and was started again
     */
    public record WorkerStatus(boolean running, Instant startedAt, Instant lastSuccess, String lastFailure,
            long restarts) {
    }
}
