package io.logpipe.bootstrap.worker;

import com.codahale.metrics.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Unhealthy when the drain loop is not running, its latest attempt failed, or no lease cycle has completed for longer
 * than {@code stalledAfter}: a worker blocked for ever on a connection that died silently neither fails nor succeeds.
 */
public final class WorkerHealthCheck extends HealthCheck {
    private final DrainWorker worker;
    private final Duration stalledAfter;
    private final Clock clock;

    public WorkerHealthCheck(DrainWorker worker, Duration stalledAfter) {
        this(worker, stalledAfter, Clock.systemUTC());
    }

    WorkerHealthCheck(DrainWorker worker, Duration stalledAfter, Clock clock) {
        this.worker = worker;
        this.stalledAfter = stalledAfter;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        DrainWorker.WorkerStatus status = worker.status();
        if (!status.running()) {
            return Result.unhealthy("the drain worker is not running");
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
        return Result.healthy("last cycle completed at " + status.lastSuccess());
    }
}
