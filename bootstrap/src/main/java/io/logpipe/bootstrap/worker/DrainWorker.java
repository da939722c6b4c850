package io.logpipe.bootstrap.worker;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.dropwizard.lifecycle.Managed;
import io.logpipe.application.DrainQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link DrainQueue} for the life of the server on one thread per consumer name, so one thread leases and
 * decodes while another writes. Each thread is its own consumer of the group: its lease is its own, and entries a
 * thread leaves behind are taken over by another once idle past the queue's visibility timeout.
 *
 * <p>While the {@link StoreCircuit} is open, threads without a batch do not lease. A failure of Redis, or one the
 * store's policy gave up on, is retried here with exponential backoff; the lease stays unacknowledged meanwhile, so
 * nothing is lost. An {@link Error} in a loop is logged and counted, and the loop goes on after a pause.
 * {@link #stop()} stops taking leases, stops retrying, and waits a bounded time for the batches in hand; a batch
 * abandoned then is redelivered.
 */
public final class DrainWorker implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(DrainWorker.class);
    /** Keeps a loop that fails with an Error at once, again and again, from spinning. */
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);
    /** How often a thread waiting for the circuit looks again. */
    private static final Duration LONGEST_CIRCUIT_WAIT = Duration.ofSeconds(1);

    private final DrainQueue drain;
    private final List<String> consumers;
    private final ExecutorService executor;
    private final StoreCircuit circuit;
    private final Duration stopGrace;
    private final DrainListener listener;
    private final Duration maxBackoff;
    // Read by health checks on other threads while start() may still be adding.
    private final List<Loop> loops = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile Instant startedAt = Instant.EPOCH;

    /**
     * @param consumers one name per thread, unique in the consumer group
     * @param executor runs the loops; it needs a thread for each consumer
     * @param circuit the failure policy that the drain's store writes through
     * @param maxBackoff the longest pause between retries of a failing cycle
     * @param stopGrace how long {@link #stop()} waits for the batches in hand
     */
    public DrainWorker(DrainQueue drain, List<String> consumers, ExecutorService executor, StoreCircuit circuit,
            Duration maxBackoff, Duration stopGrace, DrainListener listener) {
        if (consumers.isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one consumer");
        }
        this.drain = drain;
        this.consumers = List.copyOf(consumers);
        this.executor = executor;
        this.circuit = circuit;
        this.stopGrace = stopGrace;
        this.listener = listener;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public synchronized void start() {
        running = true;
        startedAt = Instant.now();
        for (String consumer : consumers) {
            Loop loop = new Loop(consumer);
            loop.future = executor.submit(loop::run);
            loops.add(loop);
        }
        LOG.info("Drain worker started with {} thread(s) as consumers {}", consumers.size(), consumers);
    }

    @Override
    public synchronized void stop() throws Exception {
        running = false;
        circuit.stopRetrying();
        long deadline = System.nanoTime() + stopGrace.toNanos();
        for (Loop loop : loops) {
            try {
                loop.future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn("Drain worker {} did not finish its batch within {}; its lease will be redelivered",
                        loop.consumer, stopGrace);
                loop.future.cancel(true);
            }
        }
        LOG.info("Drain worker stopped");
    }

    /** How many drain threads are running their loop. */
    public int liveThreads() {
        return running ? (int) loops.stream().filter(loop -> !loop.future.isDone()).count() : 0;
    }

    /** What the worker health check reports: the loop that is worst off speaks for all. */
    public WorkerStatus status() {
        boolean alive = running && !loops.isEmpty();
        Instant oldestSuccess = null;
        String failure = null;
        long restarts = 0;
        for (Loop loop : loops) {
            alive &= !loop.future.isDone();
            oldestSuccess = oldestSuccess == null || loop.lastSuccess.isBefore(oldestSuccess)
                    ? loop.lastSuccess : oldestSuccess;
            failure = failure != null ? failure : loop.lastFailure;
            restarts += loop.restarts.get();
        }
        if (failure == null) {
            failure = circuit.lastFailure();
        }
        return new WorkerStatus(alive, startedAt, oldestSuccess == null ? Instant.EPOCH : oldestSuccess, failure,
                restarts, circuit.isOpen());
    }

    private static String describe(Throwable failure) {
        return failure == null ? "unknown failure" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /** One thread's loop, as one consumer. */
    private final class Loop {
        private final String consumer;
        private final AtomicLong restarts = new AtomicLong();
        private final RetryPolicy<DrainQueue.Drained> retry;
        private volatile Future<?> future;
        private volatile Instant lastSuccess = Instant.EPOCH;
        private volatile String lastFailure;

        Loop(String consumer) {
            this.consumer = consumer;
            this.retry = RetryPolicy.<DrainQueue.Drained>builder()
                    .handle(RuntimeException.class)
                    .withBackoff(Duration.ofMillis(100), maxBackoff)
                    .withJitter(0.25)
                    .withMaxRetries(-1)
                    .onFailedAttempt(event -> {
                        lastFailure = describe(event.getLastException());
                        LOG.warn("Drain worker {} failed, retrying with backoff: {}", consumer, lastFailure);
                    })
                    .abortIf((result, failure) -> !running)
                    .build();
        }

        void run() {
            while (running) {
                try {
                    if (waitedForCircuit()) {
                        continue;
                    }
                    DrainQueue.Drained drained = Failsafe.with(retry).get(() -> drain.drainOnce(consumer));
                    lastSuccess = Instant.now();
                    lastFailure = null;
                    listener.drained(drained);
                    if (drained.deadLettered() > 0) {
                        LOG.warn("Set aside {} of {} leased entries as dead letters: the store refused them for good",
                                drained.deadLettered(), drained.leased());
                    }
                } catch (FailsafeException e) {
                    if (e.getCause() instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    logUnlessStopping(e);
                } catch (RuntimeException e) {
                    logUnlessStopping(e);
                } catch (Error e) {
                    // Such as an OutOfMemoryError while decoding a huge batch: the lease stays unacknowledged and is
                    // delivered again, so going on loses nothing, while ending the loop would stop its draining.
                    restarts.incrementAndGet();
                    listener.restarted();
                    lastFailure = describe(e);
                    LOG.error("Drain worker {} died of an error; starting it again (restart {})", consumer,
                            restarts.get(), e);
                    pause(ERROR_PAUSE);
                }
            }
        }

        /** While the circuit is open and not yet ready to let a write try again, waits instead of leasing. */
        private boolean waitedForCircuit() {
            if (!circuit.isOpen()) {
                return false;
            }
            Duration remaining = circuit.remainingDelay();
            if (remaining.isZero() || remaining.isNegative()) {
                return false;
            }
            pause(remaining.compareTo(LONGEST_CIRCUIT_WAIT) < 0 ? remaining : LONGEST_CIRCUIT_WAIT);
            return true;
        }

        private void logUnlessStopping(RuntimeException e) {
            if (running) {
                lastFailure = describe(e);
                LOG.error("Drain worker {} failed unexpectedly; continuing", consumer, e);
            }
        }

        private void pause(Duration pause) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** Told what each completed cycle moved, and of every restart after an {@link Error}; called on loop threads. */
    public interface DrainListener {
        DrainListener NONE = new DrainListener() {
        };

        default void drained(DrainQueue.Drained drained) {
        }

        default void restarted() {
        }
    }

    /**
     * @param running whether every loop is alive
     * @param startedAt when the worker was started
     * @param lastSuccess when the loop that is furthest behind last completed a cycle (also one that found the queue
     *     empty)
     * @param lastFailure a failure of a latest attempt, or null when they succeeded
     * @param restarts how often loops died of an {@link Error} and were started again
     * @param circuitOpen whether writes to PostgreSQL are paused after failing
     */
    public record WorkerStatus(boolean running, Instant startedAt, Instant lastSuccess, String lastFailure,
            long restarts, boolean circuitOpen) {
    }
}
