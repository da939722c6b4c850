package io.logpipe.bootstrap.worker;

import com.codahale.metrics.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Unhealthy when a drain loop is not running, the latest attempt failed, the circuit to PostgreSQL is open, no lease
 * cycle has completed for longer than {@code stalledAfter} (a worker blocked for ever on a connection that died
 * silently neither fails nor succeeds), or the oldest entry not yet stored has waited longer than
 * {@code maxEntryAge} (entries wait while the workers keep up with nothing, or cannot keep up).
 */
public final class WorkerHealthCheck extends HealthCheck {
    private final DrainWorker worker;
    private final Duration stalledAfter;
    private final Supplier<Duration> oldestEntryAge;
    private final Duration maxEntryAge;
    private final Clock clock;

    public WorkerHealthCheck(DrainWorker worker, Duration stalledAfter, Supplier<Duration> oldestEntryAge,
            Duration maxEntryAge) {
        this(worker, stalledAfter, oldestEntryAge, maxEntryAge, Clock.systemUTC());
    }

    WorkerHealthCheck(DrainWorker worker, Duration stalledAfter, Supplier<Duration> oldestEntryAge,
            Duration maxEntryAge, Clock clock) {
        this.worker = worker;
        this.stalledAfter = stalledAfter;
        this.oldestEntryAge = oldestEntryAge;
        this.maxEntryAge = maxEntryAge;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        DrainWorker.WorkerStatus status = worker.status();
        if (!status.running()) {
            return Result.unhealthy("the drain worker is not running");
        }
        if (status.circuitOpen()) {
            return Result.unhealthy("writes to PostgreSQL are paused after failing (circuit open); ingest keeps "
                    + "queueing: " + status.lastFailure());
        }
        if (status.lastFailure() != null) {
            return Result.unhealthy("draining is failing and being retried: " + status.lastFailure());
        }
        Instant now = clock.instant();
        Instant lastSign = status.lastSuccess().isAfter(status.startedAt()) ? status.lastSuccess() : status.startedAt();
        if (lastSign.plus(stalledAfter).isBefore(now)) {
            return Result.unhealthy("no lease cycle has completed since " + status.lastSuccess()
                    + "; the worker may be stuck");
        }
        Duration oldest = oldestEntryAge.get();
        if (oldest.compareTo(maxEntryAge) > 0) {
            return Result.unhealthy("the oldest entry not yet stored has waited " + oldest + ", over " + maxEntryAge);
        }
        return Result.healthy("last cycle completed at " + status.lastSuccess());
    }
}
