package io.logpipe.bootstrap;

import io.dropwizard.core.setup.Environment;
import io.logpipe.application.AuditDenials;
import io.logpipe.application.DrainQueue;
import io.logpipe.application.EnforceRetention;
import io.logpipe.application.IngestLogs;
import io.logpipe.application.ManageDeadLetters;
import io.logpipe.application.ManageRetention;
import io.logpipe.application.QueryLogs;
import io.logpipe.application.ReadAudit;
import io.logpipe.bootstrap.config.IngestFactory;
import io.logpipe.bootstrap.config.ProcessRole;
import io.logpipe.bootstrap.database.Postgres;
import io.logpipe.bootstrap.embedded.EmbeddedDatabaseFactory;
import io.logpipe.bootstrap.keys.ApiKeys;
import io.logpipe.bootstrap.keys.FirstKeyFile;
import io.logpipe.bootstrap.metrics.IngestRequestCounter;
import io.logpipe.bootstrap.metrics.MeteredLogQueue;
import io.logpipe.bootstrap.metrics.MeteredLogStore;
import io.logpipe.bootstrap.metrics.PipelineMetrics;
import io.logpipe.bootstrap.query.QueryFactory;
import io.logpipe.bootstrap.ratelimit.RateLimitFactory;
import io.logpipe.bootstrap.retention.RetentionFactory;
import io.logpipe.bootstrap.retention.RetentionJob;
import io.logpipe.bootstrap.retention.RetentionMetrics;
import io.logpipe.bootstrap.worker.DrainWorker;
import io.logpipe.bootstrap.worker.PartitionsAhead;
import io.logpipe.bootstrap.worker.StoreCircuit;
import io.logpipe.bootstrap.worker.WorkerFactory;
import io.logpipe.bootstrap.worker.WorkerHealthCheck;
import io.logpipe.domain.AuditTrail;
import io.logpipe.domain.DeadLetterStore;
import io.logpipe.domain.LogQueue;
import io.logpipe.domain.LogStore;
import io.logpipe.domain.RateLimits;
import io.logpipe.http.FailedAuthentications;
import io.logpipe.http.HttpAdapter;
import io.logpipe.postgres.PostgresAuditTrail;
import io.logpipe.postgres.PostgresLogPartitions;
import io.logpipe.postgres.PostgresLogStore;
import io.logpipe.postgres.PostgresRetentionPolicies;
import io.logpipe.redis.RedisLogQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the running service by hand: servers, adapters, use cases, HTTP, worker, health checks and metrics. The HTTP
 * API and the worker are there only in a process whose configured roles include them.
 * Lifecycle objects are registered in dependency order; Dropwizard stops them in reverse, so the worker stops first
 * and an embedded database last.
 */
final class Wiring {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

    private final LogpipeConfiguration configuration;
    private final Environment environment;
    private final Clock clock = Clock.systemUTC();

    Wiring(LogpipeConfiguration configuration, Environment environment) {
        this.configuration = configuration;
        this.environment = environment;
    }

    void wire() throws Exception {
        Set<ProcessRole> roles = configuration.roles();
        BuildInfo build = BuildInfo.current();
        LOG.info("logpipe {}, roles: {}", build, ProcessRole.describe(roles));
        environment.lifecycle().addServerLifecycleListener(new StartupSummary(configuration, build));
        PipelineMetrics metrics = new PipelineMetrics(environment.metrics(), environment.healthChecks(), build);
        metrics.serveOn(environment);

        LOG.info("Database: {}", configuration.getDatabase().describe());
        Postgres postgres = configuration.getDatabase().build(environment, metrics.pools());
        Jdbi jdbi = postgres.pool("postgres");
        if (configuration.getDatabase() instanceof EmbeddedDatabaseFactory embedded) {
            metrics.trackDataDirectory(embedded.dataDirectory());
        }
        LOG.info("Queue: {}", configuration.getRedis().describe());
        RedisLogQueue redisQueue = configuration.getRedis().build(environment,
                configuration.getWorker().getMaxDeliveries(), configuration.getWorker().leaseLimits(),
                metrics.pools());
        metrics.trackQueue(redisQueue::backlog, redisQueue::deadLetters,
                () -> redisQueue.oldestEntryAge().toMillis() / 1000.0);

        MeteredLogQueue queue = new MeteredLogQueue(redisQueue, metrics);
        if (roles.contains(ProcessRole.API)) {
            QueryFactory queries = configuration.getQuery();
            LOG.info("Queries: {}", queries.describe());
            serveApi(queue, queries.build(environment, postgres), postgres, jdbi, redisQueue.deadLetterStore(),
                    metrics);
        }
        if (roles.contains(ProcessRole.WORKER)) {
            // A pool of its own (a bulkhead): a burst of slow queries cannot take the worker's connections, nor the
            // worker the queries'.
            PostgresLogStore workerStore = new PostgresLogStore(
                    postgres.workerPool("postgres-worker", configuration.getWorker().getThreads()));
            startWorker(queue, workerStore, redisQueue, metrics);
            environment.lifecycle().manage(new PartitionsAhead(workerStore,
                    environment.lifecycle().scheduledExecutorService("partitions-ahead-%d").build(), clock));
            startRetention(postgres, metrics);
        }
    }

    private void serveApi(LogQueue queue, LogStore queryStore, Postgres postgres, Jdbi jdbi,
            DeadLetterStore deadLetters, PipelineMetrics metrics) {
        LOG.info("Keys: {}", configuration.getKeys().describe());
        ApiKeys keys = ApiKeys.build(configuration.getKeys(), configuration.peppers(),
                postgres.workerPool("postgres-keys", 1), environment, metrics, clock);
        // Only a process that serves the API makes the first key: its file is the one place the secret is kept.
        if (configuration.getDatabase() instanceof EmbeddedDatabaseFactory embedded) {
            keys.manage().createFirstKeyIfNone().ifPresent(key -> FirstKeyFile.write(key, embedded.firstKeyFile()));
        }
        environment.servlets().addFilter("ingest-requests", new IngestRequestCounter(metrics))
                .addMappingForUrlPatterns(null, false, "/ingest", "/ingest/*");
        RateLimitFactory limits = configuration.getRateLimits();
        LOG.info("Rate limits: {}", limits.describe());
        RateLimits rateLimits = limits.build();
        FailedAuthentications failedAuthentications = new FailedAuthentications(limits.failedAuthentications());
        AuditTrail audit = new PostgresAuditTrail(jdbi);
        AuditDenials denials = new AuditDenials(audit, clock);
        metrics.trackAuth(failedAuthentications::throttled, denials::unrecorded);
        IngestFactory ingest = configuration.getIngest();
        HttpAdapter.register(environment.jersey(), new HttpAdapter.UseCases(
                new IngestLogs(queue, clock, ingest.rules(), ingest.admission(), metrics.ingestOutcomes(), rateLimits),
                new QueryLogs(queryStore, configuration.getQuery().window(clock), rateLimits),
                new ManageDeadLetters(deadLetters, audit, clock),
                new ManageRetention(new PostgresRetentionPolicies(jdbi), configuration.getRetention().getDefaultDays(),
                        clock),
                keys.manage(),
                new ReadAudit(audit),
                denials,
                keys.verifier(),
                failedAuthentications,
                clock));
    }

    private void startWorker(MeteredLogQueue queue, LogStore postgresStore, RedisLogQueue redisQueue,
            PipelineMetrics metrics) {
        WorkerFactory settings = configuration.getWorker();
        Duration maxBackoff = Duration.ofMillis(settings.getMaxBackoff().toMilliseconds());
        StoreCircuit circuit = new StoreCircuit(maxBackoff);
        LogStore store = new MeteredLogStore(circuit.around(postgresStore), metrics);
        DrainQueue drain = new DrainQueue(queue, store, settings.getBatchSize(),
                Duration.ofMillis(settings.getLeaseWait().toMilliseconds()));
        ExecutorService threads = environment.lifecycle().executorService("drain-worker-%d")
                .minThreads(settings.getThreads()).maxThreads(settings.getThreads())
                // The worker's own stop waits for its batches; the executor need not wait again.
                .shutdownTime(io.dropwizard.util.Duration.seconds(1))
                .build();
        DrainWorker worker = new DrainWorker(drain, settings.consumerNames(), threads, circuit, maxBackoff,
                settings.stopGrace(), metrics.drainListener());
        environment.lifecycle().manage(worker);
        metrics.trackWorker(worker::liveThreads, queue::held, circuit::retries, circuit::isOpen);
        environment.healthChecks().register("worker", new WorkerHealthCheck(worker, settings.stalledAfter(),
                redisQueue::oldestEntryAge, settings.maxEntryAge()));
    }

    /**
     * How far back an entry may still be written: ingest accepts timestamps up to maxAge old, and an accepted entry
     * may wait in the queue up to the worker's maxEntryAge before the health check fails; a day from one more day
     * back is safe to drop.
     */
    private Duration stillWritable() {
        return configuration.getIngest().maxAge()
                .plus(configuration.getWorker().maxEntryAge())
                .plus(Duration.ofDays(1));
    }

    /**
     * Removes expired entries, on a pool of its own so that a long archive read holds no worker or query connection:
     * one connection for the run's lock, one for its work, one to spare.
     */
    private void startRetention(Postgres postgres, PipelineMetrics metrics) {
        RetentionFactory settings = configuration.getRetention();
        LOG.info("Retention: {}", settings.describe());
        Jdbi pool = postgres.workerPool("postgres-retention", 1);
        RetentionMetrics retentionMetrics = new RetentionMetrics(metrics);
        EnforceRetention retention = new EnforceRetention(new PostgresRetentionPolicies(pool),
                new PostgresLogPartitions(pool), settings.archiveForJob(), settings.settings(stillWritable()), clock,
                retentionMetrics);
        environment.lifecycle().manage(new RetentionJob(pool, retention,
                environment.lifecycle().scheduledExecutorService("retention-%d").build(), settings.interval(),
                retentionMetrics));
    }
}
