package io.logpipe.bootstrap.retention;

import io.dropwizard.lifecycle.Managed;
import io.logpipe.application.EnforceRetention;
import io.logpipe.application.RetentionReport;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs {@link EnforceRetention} every interval, the first an interval after start, in processes with the worker role.
 * Several such processes may run: each run first takes a session-level advisory lock on a connection it holds for the
 * run, and skips when another process has it, so one run at a time removes data. A session lock (not a transaction
 * lock) because a run spans many transactions and the detach of a partition must run outside any; it goes with the
 * session if the process dies. A failed run is logged and tried again at the next.
 */
public final class RetentionJob implements Managed {
    /** The advisory lock of a run: "logreten" in ASCII, distinct from the partition-creation lock ("logpipe"). */
    public static final long LOCK = 0x6c6f67726574656eL;

    private final Jdbi lockConnections;
    private final EnforceRetention retention;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final RetentionMetrics metrics;

    public RetentionJob(Jdbi lockConnections, EnforceRetention retention, ScheduledExecutorService scheduler,
            Duration interval, RetentionMetrics metrics) {
        this.lockConnections = lockConnections;
        this.retention = retention;
        this.scheduler = scheduler;
        this.interval = interval;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        scheduler.scheduleWithFixedDelay(this::runLogged, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Runs once now, on the calling thread, unless another process is running.
     *
     * @return what the run did; empty when it was skipped
     * @throws RuntimeException as the run fails, such as when PostgreSQL is unreachable
     */
    public Optional<RetentionReport> runOnce() {
        try (Handle lock = lockConnections.open()) {
            if (!lock.createQuery("SELECT pg_try_advisory_lock(:key)").bind("key", LOCK).mapTo(Boolean.class).one()) {
                metrics.skipped();
                return Optional.empty();
            }
            try {
                RetentionReport report = retention.run();
                metrics.ran(report);
                return Optional.of(report);
            } finally {
                lock.createQuery("SELECT pg_advisory_unlock(:key)").bind("key", LOCK).mapTo(Boolean.class).one();
            }
        } catch (RuntimeException e) {
            metrics.failed(e);
            throw e;
        }
    }

    private void runLogged() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // Counted and logged by runOnce; the next run tries again.
        }
    }
}
