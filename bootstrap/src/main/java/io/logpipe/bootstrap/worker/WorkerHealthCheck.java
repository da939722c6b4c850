package io.logpipe.bootstrap.worker;

import com.codahale.metrics.health.HealthCheck;

/** Unhealthy when the drain loop is not running or its latest attempt failed. */
public final class WorkerHealthCheck extends HealthCheck {
    private final DrainWorker worker;

    public WorkerHealthCheck(DrainWorker worker) {
        this.worker = worker;
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
        return Result.healthy("last cycle completed at " + status.lastSuccess());
    }
}
