package io.logpipe.bootstrap.worker;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.logpipe.domain.Histogram;
import io.logpipe.domain.HistogramQuery;
import io.logpipe.domain.LogEntry;
import io.logpipe.domain.LogPage;
import io.logpipe.domain.LogQuery;
import io.logpipe.domain.LogStore;
import io.logpipe.domain.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The failure policy of the worker's writes to PostgreSQL: a circuit breaker that opens after a few failures in a row
 * that a retry may fix ({@link StoreUnavailableException}), and a retry with exponential backoff and jitter around it.
 *
 * <p>A write that fails is retried in place, holding its lease, rather than given up and leased again: every lease of
 * a pending record counts as a delivery, and deliveries are what set a record aside as a dead letter in the end. A
 * failure a retry cannot fix (the store refused the entries) is not retried here at all; the drain splits the batch.
 * While the circuit is open, writes fail at once and workers without a batch stop leasing ({@link #isOpen}), so a
 * PostgreSQL outage costs neither CPU nor deliveries; ingest meanwhile goes on filling the queue up to its limit.
 * After the breaker's delay one write tries again, and its success closes the circuit.
 *
 * <p>Thread-safe: one per process, shared by its worker threads.
 */
public final class StoreCircuit {
    private static final Logger LOG = LoggerFactory.getLogger(StoreCircuit.class);
    /** Failures in a row that open the circuit: one is a blip, three in a row (with backoff between) an outage. */
    private static final int FAILURES_TO_OPEN = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final double JITTER = 0.25;

    private final CircuitBreaker<Integer> breaker;
    private final FailsafeExecutor<Integer> writes;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final LongAdder retries = new LongAdder();
    private volatile String lastFailure;

    /**
     * @param maxBackoff the longest pause between retries, and how long the circuit stays open before a write tries
     *     again
     */
    public StoreCircuit(Duration maxBackoff) {
        this.breaker = CircuitBreaker.<Integer>builder()
                .handle(StoreUnavailableException.class)
                .withFailureThreshold(FAILURES_TO_OPEN)
                .withDelay(maxBackoff)
                .onOpen(event -> LOG.warn("PostgreSQL is failing; circuit open, workers stop leasing for {}: {}",
                        maxBackoff, lastFailure))
                .onHalfOpen(event -> LOG.warn("Circuit half-open: trying one write"))
                .onClose(event -> LOG.warn("Circuit closed: PostgreSQL takes writes again"))
                .build();
        RetryPolicy<Integer> retry = RetryPolicy.<Integer>builder()
                .handle(StoreUnavailableException.class, CircuitBreakerOpenException.class)
                .withBackoff(FIRST_BACKOFF, maxBackoff)
                .withJitter(JITTER)
                .withMaxRetries(-1)
                .abortIf((result, failure) -> stopping.get())
                .onFailedAttempt(event -> noteFailure(event.getLastException(), event.getAttemptCount()))
                .onRetry(event -> retries.increment())
                .build();
        this.writes = Failsafe.with(retry).compose(breaker);
    }

    /**
     * Runs a write, retrying it while it fails in a way a retry may fix, until it succeeds or {@link #stopRetrying}.
     *
     * @throws StoreUnavailableException or {@link CircuitBreakerOpenException} if retrying stopped first
     * @throws io.logpipe.domain.EntriesRejectedException at once, as the store refused the entries
     * @throws dev.failsafe.FailsafeException if the thread was interrupted while it waited to retry
     */
    public int write(WriteAttempt attempt) {
        int stored = writes.get(attempt::write);
        lastFailure = null;
        return stored;
    }

    /**
     * The store with its writes going through this policy, each with its batch in the logging context
     * ({@link BatchLogging}); searches and histograms go straight through.
     */
    public LogStore around(LogStore store) {
        return new LogStore() {
            @Override
            public int write(List<LogEntry> entries) {
                try (BatchLogging batch = BatchLogging.of(entries)) {
                    int stored = StoreCircuit.this.write(() -> store.write(entries));
                    batch.written(stored);
                    return stored;
                }
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

    /** True while writes fail at once; workers should not lease until {@link #remainingDelay} has passed. */
    public boolean isOpen() {
        return breaker.isOpen();
    }

    /** How long the open circuit waits before one write may try again; zero when it may now. */
    public Duration remainingDelay() {
        return breaker.getRemainingDelay();
    }

    /** Writes stop retrying: the worker is stopping and leaves its lease for redelivery. */
    public void stopRetrying() {
        stopping.set(true);
    }

    /** How many times a write was tried again, since the start. */
    public long retries() {
        return retries.sum();
    }

    /** The latest failed attempt, or null once a write has succeeded since. */
    public String lastFailure() {
        return lastFailure;
    }

    private void noteFailure(Throwable failure, int attempt) {
        if (failure instanceof CircuitBreakerOpenException) {
            return;
        }
        lastFailure = failure == null ? "unknown failure" : failure.getMessage();
        // The batch's size and tenants are in the logging context (see around).
        LOG.warn("Writing a batch of {} entries failed (attempt {}), retrying with backoff: {}",
                MDC.get(BatchLogging.ENTRIES), attempt, lastFailure);
    }

    /** One try of a write. */
    @FunctionalInterface
    public interface WriteAttempt {
        int write();
    }
}
